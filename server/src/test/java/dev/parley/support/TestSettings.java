package dev.parley.support;

import java.util.Map;

/** Settings every test node shares: random ports, few partitions, cheap hashing, a known signing key */
public final class TestSettings {

    public static final String JWT_SECRET = "test-signing-key-0123456789-abcdefghijklmnop";

    public static final Map<String, String> COMMON = Map.of(
            "server.port", "0",
            "parley.kafka.embedded-port", "0",
            "parley.kafka.partitions", "3",
            "parley.kafka.send-timeout", "3s",
            "parley.auth.bcrypt-strength", "4",
            "parley.auth.jwt-secret", JWT_SECRET,
            // Every test client comes from 127.0.0.1; the tests of these quotas start nodes of their own with low ones.
            "parley.limits.gateway.connections-per-address", "100000");

    private TestSettings() {
    }
}
