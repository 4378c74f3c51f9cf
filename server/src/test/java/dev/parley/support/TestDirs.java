package dev.parley.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Data directories for test nodes, under target/ so `mvn clean` removes them. */
public final class TestDirs {

    private TestDirs() {
    }

    public static Path fresh(String purpose) {
        try {
            Path base = Path.of("target", "test-data");
            Files.createDirectories(base);
            return Files.createTempDirectory(base.toAbsolutePath(), purpose + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
