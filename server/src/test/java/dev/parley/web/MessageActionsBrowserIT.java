package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.parley.support.BrowserScript;
import dev.parley.support.ParleyNode;
import dev.parley.support.TestDirs;
import org.junit.jupiter.api.Test;

/**
 * Edit, delete, reactions, replies and search between two people in the web client
 * (src/test/browser/message-actions.e2e.mjs), each seen live by the other and again after a reload
 * (history gives messages in their current state); the resume position moves past changes. The
 * send quota is raised so that the script can put a page of messages between a reply and its original.
 */
class MessageActionsBrowserIT {

    @Test
    void twoPeopleEditDeleteReactReplyAndFindMessages() throws Exception {
        try (ParleyNode node = ParleyNode.start(TestDirs.fresh("message-actions-browser"),
                Map.of("parley.limits.messages-per-second", "200", "parley.limits.message-burst", "200"))) {
            BrowserScript.run("message-actions.e2e.mjs", List.of("http://127.0.0.1:" + node.port() + "/"), line -> false);
        }
        assertThat(BrowserScript.SCREENSHOTS.resolve("message-actions-desktop.png")).exists();
        assertThat(BrowserScript.SCREENSHOTS.resolve("search-desktop.png")).exists();
    }
}
