package dev.parley.accounts;

import java.time.Instant;
import java.util.UUID;

/** A registered account as other capabilities see it (no credentials). */
public record User(UUID id, String username, Instant createdAt) {
}
