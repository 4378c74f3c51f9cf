package dev.parley.conversations;

import java.util.List;

/**
 * A page of one conversation's messages, oldest first.
 *
 * @param olderBefore pass as {@code before} for the page of older messages; null when there are none
 * @param newerAfter  pass as {@code after} for the page of newer messages; null when there are none yet
 */
public record HistoryPage(String conversationId, List<MessageView> messages, Long olderBefore, Long newerAfter) {
}
