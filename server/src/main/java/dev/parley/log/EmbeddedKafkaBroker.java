package dev.parley.log;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real Apache Kafka broker (combined broker + controller, KRaft) running inside this JVM, with
 * its log under the data directory so that a restart loses nothing. Used when no external
 * bootstrap address is configured. {@link #stop()} and {@link #start()} may be called again, which
 * is how tests take the log away from a running node.
 */
public final class EmbeddedKafkaBroker {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final Path logDir;
    private final int port;
    private final int partitions;
    private KafkaRaftServer server;

    EmbeddedKafkaBroker(Path logDir, int port, int partitions) {
        this.logDir = logDir;
        this.port = port == 0 ? freePort() : port;
        this.partitions = partitions;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        int controllerPort = freePort();
        while (controllerPort == port) { // a port just freed can be handed out again at once
            controllerPort = freePort();
        }
        Properties props = brokerProperties(controllerPort);
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        formatIfNeeded();
        KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            candidate.startup();
        } catch (RuntimeException e) {
            // A half-started server keeps its raft and controller threads alive: stop them.
            candidate.shutdown();
            candidate.awaitShutdown();
            throw new IllegalStateException("The embedded Kafka broker could not start on port " + port
                    + " with data in " + logDir + " (is another Parley using that directory or port?): "
                    + e.getMessage(), e);
        }
        server = candidate;
        log.info("Embedded Kafka broker listening on {} (data in {})", bootstrapServers(), logDir);
    }

    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    private Properties brokerProperties(int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", String.valueOf(partitions));
        // One broker: every internal topic has exactly one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        // One node on a small machine: Kafka's defaults (8 request handlers, 3 network threads, 10
        // background threads) are sized for a dedicated broker box; here they only contend for the
        // same cores as the node itself.
        p.put("num.io.threads", "2");
        p.put("num.network.threads", "2");
        p.put("background.threads", "2");
        // The message log is kept, not expired: history is replayable from the log itself.
        p.put("log.retention.hours", "-1");
        return p;
    }

    private void formatIfNeeded() {
        try {
            Files.createDirectories(logDir);
            Path meta = logDir.resolve("meta.properties");
            if (Files.exists(meta)) {
                return; // already formatted: reuse its cluster.id (a new random one is refused)
            }
            Formatter formatter = new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(logDir.toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION);
            formatter.run();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the Kafka data directory " + logDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the Kafka data directory " + logDir + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
