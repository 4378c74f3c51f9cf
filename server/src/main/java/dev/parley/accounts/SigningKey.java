package dev.parley.accounts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The HMAC key for access tokens: configured, or generated once and kept in the data directory.
 * The generated file appears whole or not at all (temp file, then an atomic rename), and is
 * owner-only from its creation, so neither a crash nor another local user sees a partial key.
 */
record SigningKey(byte[] bytes) {

    /** HS256 needs a 256-bit key. */
    static final int MIN_BYTES = 32;

    static SigningKey from(AuthSettings settings, Path generatedKeyFile) {
        if (!settings.jwtSecret().isBlank()) {
            return new SigningKey(settings.jwtSecret().getBytes(StandardCharsets.UTF_8));
        }
        try {
            return Files.exists(generatedKeyFile) ? read(generatedKeyFile) : generate(generatedKeyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the token signing key " + generatedKeyFile, e);
        }
    }

    /**
     * A damaged file stops the start rather than being replaced: a new key would silently log out
     * every user and, with several nodes sharing the file, split them; the operator decides.
     */
    static SigningKey read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
            key = new byte[0];
        }
        if (key.length < MIN_BYTES) {
            throw new IllegalStateException("The token signing key file " + file + " is empty or damaged (it must hold the Base64 of at least "
                    + MIN_BYTES + " bytes): restore it from a backup, or delete it to have a new key generated at the next start "
                    + "(tokens already issued will then be refused and users must log in again), or set parley.auth.jwt-secret");
        }
        return new SigningKey(key);
    }

    private static SigningKey generate(Path file) throws IOException {
        byte[] key = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(key);
        Files.createDirectories(file.getParent());
        Path temp = ownerOnlyTempFile(file);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(Base64.getEncoder().encode(key)));
                channel.force(true); // on disk before the name points at it: a crash leaves the old state or a whole key
            }
            if (!publish(temp, file)) {
                return read(file); // another process on this data directory got there first: everyone uses its key
            }
            return new SigningKey(key);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Puts {@code temp} in place as {@code file}, atomically; false if {@code file} already existed.
     * A hard link never replaces an existing file (first writer wins); a file system without links
     * gets an atomic rename, which on POSIX would replace a key created in the instant since the check.
     */
    static boolean publish(Path temp, Path file) throws IOException {
        try {
            Files.createLink(file, temp);
            return true;
        } catch (FileAlreadyExistsException appeared) {
            return false;
        } catch (UnsupportedOperationException | IOException noLinks) {
            if (Files.exists(file)) {
                return false;
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("The data directory's file system cannot rename " + temp + " atomically", e);
            }
            return true;
        }
    }

    /** An empty file next to {@code file} (same file system, so the rename is atomic), readable only by its owner from the start. */
    static Path ownerOnlyTempFile(Path file) throws IOException {
        String prefix = file.getFileName() + ".";
        try {
            return Files.createTempFile(file.getParent(), prefix, ".tmp", PosixFilePermissions.asFileAttribute(
                    Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        } catch (UnsupportedOperationException notPosix) {
            // e.g. Windows: the directory's ACLs apply, as they do to the rest of the data directory
            return Files.createTempFile(file.getParent(), prefix, ".tmp");
        }
    }
}
