package dev.parley.log;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** What a consumer of the message log needs: its connection settings and the record decoder. */
public final class LogReader {

    private static final Logger log = LoggerFactory.getLogger(LogReader.class);

    private final KafkaBootstrap bootstrap;
    private final String topic;
    private final JsonMapper json;
    private final Duration pollTimeout;

    LogReader(KafkaBootstrap bootstrap, String topic, JsonMapper json, Duration pollTimeout) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.json = json;
        this.pollTimeout = pollTimeout;
    }

    public String topic() {
        return topic;
    }

    public Duration pollTimeout() {
        return pollTimeout;
    }

    /** Manual commits (the consumer commits only what it has fully processed), starting at the log's beginning. */
    public Map<String, Object> consumerProperties(String groupId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.servers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    /** Empty for a record that is not a Parley message (written by someone else): it is skipped, not retried. */
    public Optional<LoggedMessage> decode(ConsumerRecord<String, byte[]> record) {
        try {
            LogRecord value = json.readValue(record.value(), LogRecord.class);
            if (value.serverMsgId() == null || value.conversationId() == null || value.from() == null) {
                throw new IllegalArgumentException("missing serverMsgId, conversationId or from");
            }
            return Optional.of(new LoggedMessage(value, new LogPosition(record.partition(), record.offset())));
        } catch (JacksonException | IllegalArgumentException e) {
            log.warn("Skipping unreadable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            return Optional.empty();
        }
    }
}
