package dev.parley.bench;

import java.util.List;

/**
 * What Parley runs on for a set of measurements: its database (embedded H2 or the local
 * PostgreSQL) and whether the archive starts empty ({@code fresh}) or pre-filled with millions of
 * messages ({@code aged}). Named {@code <database>-<age>}, e.g. {@code postgres-fresh}; the name
 * labels every result measured on it.
 */
record Setup(String name, Database database, boolean aged) {

    enum Database { H2, POSTGRES }

    static final List<String> KNOWN = List.of("h2-fresh", "postgres-fresh", "h2-aged", "postgres-aged");

    static Setup parse(String name) {
        String[] parts = name.trim().split("-");
        if (parts.length != 2 || !List.of("h2", "postgres").contains(parts[0]) || !List.of("fresh", "aged").contains(parts[1])) {
            throw new IllegalArgumentException("unknown setup '" + name + "' (known: " + String.join(", ", KNOWN) + ")");
        }
        return new Setup(name.trim(), parts[0].equals("h2") ? Database.H2 : Database.POSTGRES, parts[1].equals("aged"));
    }
}
