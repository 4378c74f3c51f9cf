package dev.parley.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fresh database on the local PostgreSQL server for one setup's Parley, created over JDBC and
 * dropped again when the setup is done (an aged archive is gigabytes). The server is the one
 * {@code .ci/run} starts: trust authentication, or PGPASSWORD when it wants one.
 */
final class PostgresDatabase implements AutoCloseable {

    private static final List<String> USUAL_USERS = List.of("postgres", "root");

    private final String server;
    private final String user;
    private final String password;
    private final String name;

    private PostgresDatabase(String server, String user, String password, String name) {
        this.server = server;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    /** Creates database {@code name} on {@code host:port} as {@code user} (empty: the first of postgres and root that can log in). */
    static PostgresDatabase create(String hostPort, String user, String name) throws SQLException {
        if (!name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("database name " + name);
        }
        String password = Objects.requireNonNullElse(System.getenv("PGPASSWORD"), "");
        List<SQLException> failures = new ArrayList<>();
        for (String candidate : user.isBlank() ? USUAL_USERS : List.of(user)) {
            try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + hostPort + "/postgres", candidate, password);
                 Statement sql = admin.createStatement()) {
                sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                sql.execute("CREATE DATABASE " + name);
                return new PostgresDatabase(hostPort, candidate, password, name);
            } catch (SQLException e) {
                failures.add(e);
            }
        }
        SQLException failed = new SQLException("could not create database " + name + " on PostgreSQL at " + hostPort
                + " (tried users " + (user.isBlank() ? USUAL_USERS : user) + "; set --postgres=HOST:PORT, --postgres-user=USER, PGPASSWORD)");
        failures.forEach(failed::addSuppressed);
        throw failed;
    }

    String url() {
        return "jdbc:postgresql://" + server + "/" + name;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** How Parley is pointed at it (its settings parley.database.*, as environment variables). */
    Map<String, String> parleyEnvironment() {
        return Map.of("PARLEY_DATABASE_URL", url(), "PARLEY_DATABASE_USERNAME", user, "PARLEY_DATABASE_PASSWORD", password);
    }

    /** A single number from a query, e.g. {@code SELECT count(*) FROM messages}; -1 when it fails (schema changed). */
    long number(String query) {
        try (Connection c = DriverManager.getConnection(url(), user, password);
             Statement sql = c.createStatement();
             ResultSet rows = sql.executeQuery(query)) {
            return rows.next() ? rows.getLong(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Runs a statement that returns nothing, e.g. {@code ANALYZE messages}. */
    void execute(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), user, password); Statement sql = c.createStatement()) {
            sql.execute(statement);
        }
    }

    long sizeBytes() {
        return number("SELECT pg_database_size(current_database())");
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + server + "/postgres", user, password);
             Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
