package dev.parley.log;

/** Where the log stored a record. The offset is the message's per-conversation sequence number. */
public record LogPosition(int partition, long offset) {
}
