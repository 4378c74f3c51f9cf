package dev.parley.log;

/**
 * A record read back from the log together with where it sits, and the {@code traceparent} its
 * producer wrote when the message's trace is sampled (null otherwise).
 */
public record LoggedMessage(LogRecord record, LogPosition position, String trace) {

    public LoggedMessage(LogRecord record, LogPosition position) {
        this(record, position, null);
    }

    /** Strictly increasing within a conversation: the conversation always maps to one partition. */
    public long seq() {
        return position.offset();
    }
}
