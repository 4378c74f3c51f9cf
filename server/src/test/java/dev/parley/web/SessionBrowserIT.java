package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.parley.support.BrowserScript;
import dev.parley.support.ParleyNode;
import dev.parley.support.TestClock;
import dev.parley.support.TestDirs;
import org.junit.jupiter.api.Test;

/**
 * Sessions, navigation and attention in the web client (src/test/browser/session.e2e.mjs): one
 * login shared by two tabs through many token renewals, logout everywhere, drafts per
 * conversation, deep links, Back, mentions and notifications, keyboard-only use. Access tokens
 * live one minute on this node, and its clock is the test's: when the script prints "EXPIRE" the
 * clock moves past their expiry, so every open WebSocket is closed with 4001 at the same second.
 */
class SessionBrowserIT {

    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(1);

    @Test
    void oneLoginServesEveryTabAndEachConversationHasItsOwnUrlAndDraft() throws Exception {
        TestClock clock = new TestClock();
        try (ParleyNode node = ParleyNode.start(TestDirs.fresh("session-browser"),
                Map.of("parley.auth.token-lifetime", TOKEN_LIFETIME.toString()), clock)) {
            BrowserScript.run("session.e2e.mjs", List.of("http://127.0.0.1:" + node.port() + "/"), line -> {
                if (!line.equals("EXPIRE")) {
                    return false;
                }
                clock.advance(TOKEN_LIFETIME.plusSeconds(1));
                return true;
            });
        }
        assertThat(BrowserScript.SCREENSHOTS.resolve("draft-desktop.png")).exists();
        assertThat(BrowserScript.SCREENSHOTS.resolve("keyboard-focus-desktop.png")).exists();
    }
}
