package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.parley.gateway.SessionRegistry;
import dev.parley.support.ParleyNode;
import dev.parley.support.SharedNode;
import org.junit.jupiter.api.Test;

/**
 * The web client, end to end in the system's Chromium driven by playwright-core
 * (src/test/browser/chat.e2e.mjs). The script asks this test to drop a user's connections on the
 * server side; screenshots land in target/browser-screenshots.
 */
class BrowserIT {

    @Test
    void twoPeopleChatThroughTheWebClient() throws Exception {
        ParleyNode node = SharedNode.get();
        Path script = Path.of("src", "test", "browser", "chat.e2e.mjs").toAbsolutePath();
        Path screenshots = Path.of("target", "browser-screenshots").toAbsolutePath();
        Process process = new ProcessBuilder("node", script.toString(), "http://127.0.0.1:" + node.port() + "/", screenshots.toString())
                .redirectErrorStream(true)
                .start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                System.out.println("[browser] " + line);
                if (line.startsWith("DROP ")) {
                    int dropped = node.bean(SessionRegistry.class).dropConnections(UUID.fromString(line.substring(5).trim()));
                    assertThat(dropped).as("connections dropped").isPositive();
                    in.write("DROPPED\n");
                    in.flush();
                }
            }
        }
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(String.join("\n", output)).isZero();
        assertThat(output).contains("BROWSER TESTS PASSED");
        assertThat(screenshots.resolve("room-desktop.png")).exists();
        assertThat(screenshots.resolve("room-phone.png")).exists();
    }
}
