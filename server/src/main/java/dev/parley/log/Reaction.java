package dev.parley.log;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Who reacted to a message with one emoji. A message's reactions, as a list of these in the order
 * their emoji were first used, are one shape everywhere: in the log (a reaction record carries the
 * message's reactions after it), in {@code reaction.update} events and in history.
 */
public record Reaction(String emoji, int count, List<Reactor> users) {

    public record Reactor(UUID id, String username) {
    }

    /** {@code user} added (or removed) {@code emoji} on a message with {@code before}: each user counts once per emoji. */
    public static List<Reaction> apply(List<Reaction> before, String emoji, Reactor user, boolean added) {
        Map<String, List<Reactor>> byEmoji = new LinkedHashMap<>();
        for (Reaction r : before) {
            byEmoji.put(r.emoji(), new ArrayList<>(r.users()));
        }
        List<Reactor> users = byEmoji.computeIfAbsent(emoji, e -> new ArrayList<>());
        boolean present = users.stream().anyMatch(u -> u.id().equals(user.id()));
        if (added && !present) {
            users.add(user);
        } else if (!added) {
            users.removeIf(u -> u.id().equals(user.id()));
        }
        List<Reaction> after = new ArrayList<>(byEmoji.size());
        byEmoji.forEach((e, list) -> {
            if (!list.isEmpty()) {
                after.add(new Reaction(e, list.size(), List.copyOf(list)));
            }
        });
        return List.copyOf(after);
    }

    /** Rows of (emoji, user) in the order they were added, grouped by emoji. */
    public static List<Reaction> of(List<Map.Entry<String, Reactor>> rows) {
        List<Reaction> reactions = List.of();
        for (Map.Entry<String, Reactor> row : rows) {
            reactions = apply(reactions, row.getKey(), row.getValue(), true);
        }
        return reactions;
    }


}
