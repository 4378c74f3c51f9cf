package dev.parley.history;

import java.util.ArrayList;
import java.util.List;

import dev.parley.log.LogReader;
import dev.parley.log.LoggedMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.listener.BatchMessageListener;

/**
 * Consumes the message log into the archive, then announces what was new. Runs on the Kafka
 * consumer thread. Offsets are committed only after this returns (the container's BATCH ack
 * mode), so a crash replays the batch and the archive's idempotent insert absorbs the replay. A
 * database failure throws, and the error handler retries the same batch with back-off until the
 * database is back: the archive catches up and nothing is skipped.
 */
class MessageArchiver implements BatchMessageListener<String, byte[]> {

    private final LogReader reader;
    private final MessageStore store;
    private final ApplicationEventPublisher events;

    MessageArchiver(LogReader reader, MessageStore store, ApplicationEventPublisher events) {
        this.reader = reader;
        this.store = store;
        this.events = events;
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> records) {
        List<LoggedMessage> batch = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            reader.decode(record).ifPresent(batch::add);
        }
        if (batch.isEmpty()) {
            return;
        }
        List<LoggedMessage> fresh = store.insertNew(batch);
        if (!fresh.isEmpty()) {
            events.publishEvent(new MessagesArchived(fresh));
        }
    }
}
