package dev.parley.history;

import java.util.List;

import dev.parley.log.LoggedMessage;

/**
 * Published (synchronously, on the archiving thread) after these messages were committed to the
 * archive for the first time, in log order. Replays of records already archived are not included,
 * which is what keeps a message from being delivered twice.
 */
public record MessagesArchived(List<LoggedMessage> messages) {
}
