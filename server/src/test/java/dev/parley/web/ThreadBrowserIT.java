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
 * The web client's thread in real use, in the system's Chromium driven by playwright-core
 * (src/test/browser/thread.e2e.mjs): day separators, groups, avatars, the unread divider, safe
 * markup; 2,000 messages with the time to show an incoming one and to handle a keystroke measured
 * in the page; the reader's place kept while the other side types and writes, and while older pages
 * load. The node's clock starts two days back so that history spans days; the script moves it
 * ("CLOCK 1": a day forward). Typing notices are let through ten a second, to type against.
 */
class ThreadBrowserIT {

    @Test
    void theThreadKeepsTheReadersPlaceAndShowsOnlyWhatChanged() throws Exception {
        TestClock clock = new TestClock();
        clock.advance(Duration.ofDays(-2));
        try (ParleyNode node = ParleyNode.start(TestDirs.fresh("thread-browser"),
                Map.of("parley.limits.typing-per-second", "50", "parley.limits.typing-burst", "50"), clock)) {
            List<String> output = BrowserScript.run("thread.e2e.mjs", List.of("http://127.0.0.1:" + node.port() + "/"), line -> {
                if (!line.startsWith("CLOCK ")) {
                    return false;
                }
                clock.advance(Duration.ofDays(Long.parseLong(line.substring("CLOCK ".length()).trim())));
                return true;
            });
            assertThat(output).anyMatch(line -> line.startsWith("FIGURE incoming_render_ms_median "));
        }
        assertThat(BrowserScript.SCREENSHOTS.resolve("thread-desktop-dark.png")).exists();
        assertThat(BrowserScript.SCREENSHOTS.resolve("thread-phone-light.png")).exists();
    }
}
