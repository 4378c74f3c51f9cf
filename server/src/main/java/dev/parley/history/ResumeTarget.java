package dev.parley.history;

/** A conversation of the resuming user: its newest seq and the user's read position (null: never read). */
public record ResumeTarget(String conversationId, long lastSeq, Long readSeq) {
}
