package dev.parley.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The machine's PostgreSQL (started by .ci/run), with one fresh database per test run so runs
 * never see each other's data. Address and user: PARLEY_TEST_PG_HOST / _PORT / _USER.
 */
public final class Postgres {

    private static final String HOST = env("PARLEY_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = env("PARLEY_TEST_PG_PORT", "5432");
    public static final String USER = env("PARLEY_TEST_PG_USER", "postgres");
    public static final String PASSWORD = env("PARLEY_TEST_PG_PASSWORD", "");

    private Postgres() {
    }

    /** Creates a new empty database and returns its JDBC URL; it is dropped when the JVM exits. */
    public static String freshDatabase(String purpose) {
        return url(freshDatabaseName(purpose));
    }

    /** Like {@link #freshDatabase} but returns the database's name. */
    public static String freshDatabaseName(String purpose) {
        String name = "parley_test_" + purpose + "_" + Long.toString(System.currentTimeMillis(), 36) + "_" + ProcessHandle.current().pid();
        execute("CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException ignored) {
                // best effort: a leftover test database is harmless
            }
        }));
        return name;
    }

    /** Takes a database away (refuses new connections and ends the open ones), or gives it back. */
    public static void setAvailable(String database, boolean available) {
        execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS " + available);
        if (!available) {
            execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
        }
    }

    public static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + HOST + ":" + PORT + " is needed for this test: " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
