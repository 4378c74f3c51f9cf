package dev.parley.conversations;

/**
 * A conversation of the resuming user.
 *
 * @param lastArchived the newest archived seq of the conversation, -1 if none (nothing to page through in the archive)
 * @param archivedUpTo the archive holds every message of the conversation below this seq; the rest is in {@link ResumeSource.CatchUp#unarchived()}
 * @param readSeq      the user's read position (null: never read)
 */
public record ResumeTarget(String conversationId, long lastArchived, long archivedUpTo, Long readSeq) {
}
