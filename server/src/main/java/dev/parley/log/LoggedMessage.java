package dev.parley.log;

/** A record read back from the log together with where it sits. */
public record LoggedMessage(LogRecord record, LogPosition position) {

    /** Strictly increasing within a conversation: the conversation always maps to one partition. */
    public long seq() {
        return position.offset();
    }
}
