package dev.parley.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.parley.support.BrowserScript;
import dev.parley.support.ParleyNode;
import dev.parley.support.StaticSite;
import dev.parley.support.TestDirs;
import org.junit.jupiter.api.Test;

/**
 * A room chat page written like the FastAPI demos (src/test/browser/fixtures/room-chat.html), on a
 * site of its own, chats through Parley's {@code /ws/{clientId}} in the system's Chromium
 * (src/test/browser/roomchat.e2e.mjs). The node allows that site's origin; the same page on
 * another site is refused the upgrade. Screenshots land in target/browser-screenshots.
 */
class RoomChatBrowserIT {

    private static final Path FIXTURES = Path.of("src", "test", "browser", "fixtures");

    @Test
    void aFastApiStyleRoomChatPageOnAnotherSiteChatsThroughParley() throws Exception {
        Path screenshot = BrowserScript.SCREENSHOTS.resolve("compat-room-chat.png");
        Files.deleteIfExists(screenshot);
        try (StaticSite site = StaticSite.serve(FIXTURES);
             StaticSite elsewhere = StaticSite.serve(FIXTURES);
             ParleyNode node = ParleyNode.start(TestDirs.fresh("room-chat-browser"),
                     Map.of("parley.gateway.allowed-origins", site.origin()))) {
            BrowserScript.run("roomchat.e2e.mjs", List.of("http://127.0.0.1:" + node.port(),
                    site.origin() + "/room-chat.html", elsewhere.origin() + "/room-chat.html"), line -> false);
        }
        assertThat(screenshot).exists();
    }
}
