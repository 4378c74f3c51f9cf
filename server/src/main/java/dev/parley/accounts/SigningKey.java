package dev.parley.accounts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/** The HMAC key for access tokens: configured, or generated once and kept in the data directory. */
record SigningKey(byte[] bytes) {

    static SigningKey from(AuthSettings settings, Path generatedKeyFile) {
        if (!settings.jwtSecret().isBlank()) {
            return new SigningKey(settings.jwtSecret().getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (Files.exists(generatedKeyFile)) {
                return new SigningKey(Base64.getDecoder().decode(Files.readString(generatedKeyFile).trim()));
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(generatedKeyFile.getParent());
            Files.writeString(generatedKeyFile, Base64.getEncoder().encodeToString(key));
            try {
                Files.setPosixFilePermissions(generatedKeyFile, Set.of(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: keep the platform's default permissions
            }
            return new SigningKey(key);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the token signing key " + generatedKeyFile, e);
        }
    }
}
