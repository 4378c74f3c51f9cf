package dev.parley.log;

import java.util.List;
import java.util.Map;

/**
 * One poll of the log: the readable messages in offset order per partition, the records that are
 * not Parley messages, and per partition the offset to continue from (what a consumer that stores
 * its own position writes down once the batch is done).
 */
public record LogBatch(List<LoggedMessage> messages, List<Unreadable> unreadable, Map<Integer, Long> nextOffsets) {

    /** A record that could not be decoded: skipped by routing, dead-lettered by the archive. */
    public record Unreadable(int partition, long offset, byte[] value, String problem) {
    }
}
