package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.parley.support.BrowserScript;
import dev.parley.support.ParleyNode;
import dev.parley.support.SharedNode;
import org.junit.jupiter.api.Test;

/**
 * The web client's connection honesty, end to end in the system's Chromium
 * (src/test/browser/connection.e2e.mjs): one user reaches the node through a TCP proxy that
 * black-holes her traffic (src/test/browser/blackhole.mjs). The banner tells her within seconds,
 * what she writes meanwhile waits (across a reload too) and is delivered once when the network
 * comes back, with no click; a send the server refuses for good can be discarded. The script
 * prints the measured figures as "FIGURE" lines; screenshots land in target/browser-screenshots.
 */
class ConnectionBrowserIT {

    @Test
    void aDeadConnectionIsShownAndNothingWrittenMeanwhileIsLostOrDoubled() throws Exception {
        ParleyNode node = SharedNode.get();
        List<String> shots = List.of("connection-reconnecting-desktop.png", "connection-connecting-desktop.png",
                "connection-offline-desktop.png", "connection-send-refused-desktop.png");
        for (String shot : shots) {
            Files.deleteIfExists(BrowserScript.SCREENSHOTS.resolve(shot));
        }
        List<String> output = BrowserScript.run("connection.e2e.mjs", List.of("http://127.0.0.1:" + node.port() + "/"), line -> false);
        assertThat(output).filteredOn(line -> line.startsWith("FIGURE ")).hasSize(4);
        for (String shot : shots) {
            assertThat(BrowserScript.SCREENSHOTS.resolve(shot)).exists();
        }
    }
}
