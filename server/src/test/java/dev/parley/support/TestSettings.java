package dev.parley.support;

import java.util.Map;

/** Settings every test node shares: random ports, few partitions, cheap hashing, a known signing key, no send quota */
public final class TestSettings {

    public static final String JWT_SECRET = "test-signing-key-0123456789-abcdefghijklmnop";

    public static final Map<String, String> COMMON = Map.of(
            "server.port", "0",
            "parley.kafka.embedded-port", "0",
            "parley.kafka.partitions", "3",
            "parley.kafka.send-timeout", "3s",
            "parley.auth.bcrypt-strength", "4",
            "parley.auth.jwt-secret", JWT_SECRET,
            // Test clients stream up to 200 sends a second on one connection (ResumeUnderChurnIT, KillNineIT,
            // DrainIT), all from 127.0.0.1; QuotaIT and QuotasIT check the shipped limits on nodes of their own.
            "parley.limits.messages-per-second", "100000",
            "parley.limits.message-burst", "100000",
            "parley.limits.gateway.connections-per-address", "100000");

    private TestSettings() {
    }
}
