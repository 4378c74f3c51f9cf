package dev.parley.log;

import java.nio.file.Path;

/** A real broker for tests outside this package that need one shared by several nodes. */
public final class TestBroker implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;

    private TestBroker(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    /** A single KRaft broker on a free port, its data under {@code dir}. */
    public static TestBroker start(Path dir, int partitions) {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, 0, partitions);
        broker.start();
        return new TestBroker(broker);
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public void close() {
        broker.stop();
    }
}
