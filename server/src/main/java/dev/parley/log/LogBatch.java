package dev.parley.log;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * One poll of the log: the readable messages in offset order per partition, the records that are
 * not Parley messages, and per partition the offset to continue from (what a consumer that stores
 * its own position writes down once the batch is done).
 */
public record LogBatch(List<LoggedMessage> messages, List<Unreadable> unreadable, Map<Integer, Long> nextOffsets) {

    /** A record that could not be decoded: skipped by routing, dead-lettered by the archive. */
    public record Unreadable(int partition, long offset, byte[] value, String problem) {
    }

    static LogBatch of(ConsumerRecords<Void, byte[]> records, LogReader reader) {
        List<LoggedMessage> messages = new ArrayList<>(records.count());
        List<Unreadable> unreadable = new ArrayList<>(0);
        Map<Integer, Long> next = new HashMap<>();
        for (ConsumerRecord<Void, byte[]> record : records) {
            LogReader.Decoded decoded = reader.decode(record);
            if (decoded.message() != null) {
                messages.add(decoded.message());
            } else {
                unreadable.add(new Unreadable(record.partition(), record.offset(), record.value(), decoded.problem()));
            }
            next.put(record.partition(), record.offset() + 1);
        }
        return new LogBatch(messages, unreadable, next);
    }
}
