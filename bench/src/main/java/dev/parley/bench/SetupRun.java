package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One server process under test for one {@link Setup}: Parley with a fresh data directory and
 * embedded broker, on a fresh database of the setup's kind, plus (when a scenario compares against
 * it) the broadcast server for the transport ceiling, and the clients that talk to them. Closing it
 * stops the servers and drops the database.
 */
final class SetupRun implements AutoCloseable {

    final Setup setup;
    final Target parley;
    final Target ceiling; // null when no scenario of this run needs the transport ceiling
    final WsClients toParley;
    final WsClients toCeiling;
    final Accounts accounts;
    final String kafkaBootstrap;
    final ArchiveLag archiveLag;
    private final Path dataDir;
    private final PostgresDatabase database; // null on H2
    private final List<AutoCloseable> resources; // in the order they close

    private SetupRun(Setup setup, Target parley, Target ceiling, WsClients toParley, WsClients toCeiling, String kafkaBootstrap,
                     Path dataDir, PostgresDatabase database, List<AutoCloseable> resources) {
        this.setup = setup;
        this.parley = parley;
        this.ceiling = ceiling;
        this.toParley = toParley;
        this.toCeiling = toCeiling;
        this.accounts = new Accounts(parley.base());
        this.kafkaBootstrap = kafkaBootstrap;
        this.archiveLag = new ArchiveLag(parley.base(), kafkaBootstrap);
        this.dataDir = dataDir;
        this.database = database;
        this.resources = resources;
        resources.addFirst(archiveLag);
    }

    /** @param dataDir fresh: the node's embedded broker and database (on H2) live there, and the servers' logs */
    static SetupRun start(Options options, Setup setup, Path dataDir, String databaseName, boolean withCeiling) throws Exception {
        List<AutoCloseable> opened = new ArrayList<>(); // closed in reverse order if the start fails half-way
        try {
            PostgresDatabase database = null;
            Map<String, String> environment = Map.of();
            if (setup.database() == Setup.Database.POSTGRES) {
                database = PostgresDatabase.create(options.postgres(), options.postgresUser(), databaseName);
                opened.add(database);
                environment = database.parleyEnvironment();
            }
            int kafkaPort = Bench.freePort();
            System.out.println("Starting Parley for " + setup.name() + " (" + options.parleyJar()
                    + (database == null ? ", H2" : ", " + database.url()) + ") ...");
            ServerProcess server = ServerProcess.parley(options.parleyJar(), Bench.freePort(), kafkaPort, dataDir, options.heap(),
                    options.serverJvm(), environment);
            opened.add(server);
            int sourceAddresses = 1 + options.connections() / 20_000;
            WsClients toParley = new WsClients("127.0.0.1", server.port(), 2, sourceAddresses);
            opened.add(toParley);
            Target parley = new Target("parley", "127.0.0.1", server.port(), server.pid());
            Target ceiling = null;
            WsClients toCeiling = null;
            if (withCeiling) {
                ServerProcess broadcast = ServerProcess.broadcast(options.benchJar(), Bench.freePort(), dataDir, options.heap());
                opened.add(broadcast);
                toCeiling = new WsClients("127.0.0.1", broadcast.port(), 2, sourceAddresses);
                opened.add(toCeiling);
                ceiling = new Target("transport ceiling", "127.0.0.1", broadcast.port(), broadcast.pid());
            }
            return new SetupRun(setup, parley, ceiling, toParley, toCeiling, "127.0.0.1:" + kafkaPort, dataDir, database,
                    new ArrayList<>(opened.reversed()));
        } catch (Exception e) {
            closeAll(opened.reversed(), e);
            throw e;
        }
    }

    /** The node's PostgreSQL database; null on H2. */
    PostgresDatabase database() {
        return database;
    }

    /** Size of the node's database: PostgreSQL's own figure, or H2's files. */
    long databaseBytes() {
        if (database != null) {
            return database.sizeBytes();
        }
        try (Stream<Path> files = Files.walk(dataDir.resolve("db"))) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Rows in the archive's messages table; -1 on H2 (its file belongs to the running node). */
    long archivedRows() {
        return database == null ? -1 : database.number("SELECT count(*) FROM messages");
    }

    @Override
    public void close() throws Exception {
        Exception failure = closeAll(resources, null);
        // The logs stay for a look afterwards; the broker's log and the H2 files of an aged archive are gigabytes.
        for (String bulky : List.of("kafka", "db")) {
            delete(dataDir.resolve(bulky));
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void delete(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.out.println("  (could not delete " + dir + ": " + e.getMessage() + ")");
        }
    }

    private static Exception closeAll(List<AutoCloseable> resources, Exception failure) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        return failure;
    }
}
