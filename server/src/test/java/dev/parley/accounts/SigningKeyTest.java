package dev.parley.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SigningKeyTest {

    private static final AuthSettings GENERATE = new AuthSettings("", "parley", Duration.ofHours(1), Duration.ofDays(30), Duration.ofSeconds(1), 8, 4);

    @TempDir
    Path dataDir;
    private Path keyFile;

    @BeforeEach
    void keyFile() {
        keyFile = dataDir.resolve("keys").resolve("jwt-signing-key");
    }

    @Test
    void theTempFileIsOwnerOnlyFromTheMomentItExists() throws IOException {
        // Parley runs and is tested on Linux: a file system without POSIX permissions is a failure here, not a skip.
        assertThat(Files.getFileAttributeView(dataDir, PosixFileAttributeView.class)).as("a POSIX file system").isNotNull();
        Files.createDirectories(keyFile.getParent());
        Path temp = SigningKey.ownerOnlyTempFile(keyFile);
        // Nothing has been written yet: this is what another user could open while the key is being written.
        assertThat(Files.size(temp)).isZero();
        assertThat(temp.getParent()).isEqualTo(keyFile.getParent());
        assertThat(Files.getPosixFilePermissions(temp)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aGeneratedKeyIsWrittenWholeOwnerOnlyAndReusedAtTheNextStart() throws IOException {
        SigningKey generated = SigningKey.from(GENERATE, keyFile);

        assertThat(generated.bytes()).hasSize(32);
        assertThat(Base64.getDecoder().decode(Files.readString(keyFile))).isEqualTo(generated.bytes());
        if (Files.getFileAttributeView(keyFile, PosixFileAttributeView.class) != null) {
            assertThat(Files.getPosixFilePermissions(keyFile)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        try (Stream<Path> files = Files.list(keyFile.getParent())) {
            assertThat(files).as("no temp file left behind").containsExactly(keyFile);
        }
        assertThat(SigningKey.from(GENERATE, keyFile).bytes()).isEqualTo(generated.bytes());
    }

    @Test
    void aKeyThatAppearedMeanwhileIsKeptAndTheLateWriterUsesIt() throws IOException {
        Files.createDirectories(keyFile.getParent());
        String theirs = Base64.getEncoder().encodeToString("another process's key, 32 bytes.".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(keyFile, theirs);
        Path ours = SigningKey.ownerOnlyTempFile(keyFile);
        Files.writeString(ours, Base64.getEncoder().encodeToString(new byte[32]));

        assertThat(SigningKey.publish(ours, keyFile)).isFalse();
        assertThat(Files.readString(keyFile)).isEqualTo(theirs);
    }

    @Test
    void publishingPutsTheWholeFileInPlace() throws IOException {
        Files.createDirectories(keyFile.getParent());
        Path temp = SigningKey.ownerOnlyTempFile(keyFile);
        Files.writeString(temp, "the whole content");

        assertThat(SigningKey.publish(temp, keyFile)).isTrue();
        assertThat(Files.readString(keyFile)).isEqualTo("the whole content");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "c2hvcnQga2V5", "not base64 at all!", "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJ"})
    void anEmptyOrDamagedKeyFileStopsTheStartWithASentenceNamingTheFile(String content) throws IOException {
        Files.createDirectories(keyFile.getParent());
        Files.writeString(keyFile, content);

        assertThatThrownBy(() -> SigningKey.from(GENERATE, keyFile))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("The token signing key file " + keyFile + " is empty or damaged")
                .hasMessageContaining("delete it to have a new key generated")
                .hasMessageContaining("parley.auth.jwt-secret");
        assertThat(Files.readString(keyFile)).as("left for the operator to look at").isEqualTo(content);
    }

    @Test
    void aConfiguredSecretNeedsNoFile() {
        AuthSettings configured = new AuthSettings("s".repeat(32), "parley", Duration.ofHours(1), Duration.ofDays(30), Duration.ofSeconds(1), 8, 4);
        assertThat(SigningKey.from(configured, keyFile).bytes()).isEqualTo("s".repeat(32).getBytes(StandardCharsets.UTF_8));
        assertThat(keyFile.getParent()).doesNotExist();
    }
}
