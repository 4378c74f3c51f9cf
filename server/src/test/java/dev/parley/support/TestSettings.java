package dev.parley.support;

import java.util.Map;

/** Settings every test node shares: random ports, few partitions, cheap hashing, a known signing key, no send quota */
public final class TestSettings {

    public static final String JWT_SECRET = "test-signing-key-0123456789-abcdefghijklmnop";

    public static final Map<String, String> COMMON = Map.ofEntries(
            Map.entry("server.port", "0"),
            Map.entry("parley.kafka.embedded-port", "0"),
            Map.entry("parley.kafka.partitions", "3"),
            Map.entry("parley.kafka.send-timeout", "3s"),
            Map.entry("parley.auth.bcrypt-strength", "4"),
            Map.entry("parley.auth.jwt-secret", JWT_SECRET),
            // Many tests log in once and keep the token for minutes; the shipped 15 minutes could end one mid-test.
            Map.entry("parley.auth.token-lifetime", "12h"),
            // Test clients stream up to 200 sends a second on one connection (ResumeUnderChurnIT, KillNineIT,
            // DrainIT), all from 127.0.0.1; QuotaIT and QuotasIT check the shipped limits on nodes of their own.
            Map.entry("parley.limits.messages-per-second", "100000"),
            Map.entry("parley.limits.message-burst", "100000"),
            Map.entry("parley.limits.gateway.connections-per-address", "100000"),
            // Tests register hundreds of accounts from 127.0.0.1 and create rooms freely; the quota tests run nodes of their own.
            Map.entry("parley.limits.registration.per-address-per-hour", "100000000"),
            Map.entry("parley.limits.registration.burst", "100000"),
            Map.entry("parley.limits.rooms.created-per-hour", "100000"));

    private TestSettings() {
    }
}
