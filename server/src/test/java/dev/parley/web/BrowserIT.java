package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import dev.parley.gateway.SessionRegistry;
import dev.parley.support.BrowserScript;
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
        BrowserScript.run("chat.e2e.mjs", List.of("http://127.0.0.1:" + node.port() + "/"), line -> {
            if (!line.startsWith("DROP ")) {
                return false;
            }
            int dropped = node.bean(SessionRegistry.class).dropConnections(UUID.fromString(line.substring(5).trim()));
            assertThat(dropped).as("connections dropped").isPositive();
            return true;
        });
        assertThat(BrowserScript.SCREENSHOTS.resolve("room-desktop.png")).exists();
        assertThat(BrowserScript.SCREENSHOTS.resolve("room-phone.png")).exists();
    }
}
