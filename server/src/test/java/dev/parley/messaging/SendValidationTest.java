package dev.parley.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.system.ParleyError;
import org.junit.jupiter.api.Test;

class SendValidationTest {

    private final SendValidation validation = new SendValidation(new MessagingSettings(10, 40, java.time.Duration.ZERO));

    @Test
    void contentIsMeasuredInUtf8Bytes() {
        assertThat(validation.validate(new SendCommand("id", "bob", null, "0123456789", null)).content()).hasSize(10);
        assertThatThrownBy(() -> validation.validate(new SendCommand("id", "bob", null, "ééééé6", null)))
                .isInstanceOfSatisfying(ParleyError.class, e -> {
                    assertThat(e.code()).isEqualTo("content_too_large");
                    assertThat(e.status()).isEqualTo(413);
                });
    }

    @Test
    void anAttachmentAloneIsAMessageButItMustBeAnHttpUrl() {
        assertThat(validation.validate(new SendCommand("id", "bob", null, null, "https://x.org/a.png")).content()).isEmpty();
        assertField(new SendCommand("id", "bob", null, null, "ftp://x.org/a.png"), "attachmentUrl");
        assertField(new SendCommand("id", "bob", null, null, "https://x.org/" + "a".repeat(40)), "attachmentUrl");
        assertField(new SendCommand("id", "bob", null, " ", null), "content");
    }

    @Test
    void loneSurrogatesAreRefusedAndPairsKept() {
        assertThat(validation.validate(new SendCommand("id", "bob", null, "ok \ud83d\ude00", null)).content()).isEqualTo("ok \ud83d\ude00");
        for (String bad : new String[] {"\ud800", "a\udc00b", "\ude00\ud83d"}) {
            assertThatThrownBy(() -> validation.validate(new SendCommand("id", "bob", null, bad, null)))
                    .isInstanceOfSatisfying(ParleyError.class, e -> {
                        assertThat(e.code()).isEqualTo("invalid_field");
                        assertThat(e.field()).isEqualTo("content");
                        assertThat(e.getMessage()).contains("lone surrogate");
                    });
        }
        assertField(new SendCommand("id", "bob", null, "x", "https://x.org/\ud800"), "attachmentUrl");
    }

    @Test
    void controlCharactersOtherThanNewlineAndTabAreRefused() {
        assertThat(validation.validate(new SendCommand("id", "bob", null, "a\nb\tc", null)).content()).isEqualTo("a\nb\tc");
        for (String bad : new String[] {"nul\u0000", "cr\r", "bell\u0007", "del\u007f", "c1\u0085"}) {
            assertThatThrownBy(() -> validation.validate(new SendCommand("id", "bob", null, bad, null)))
                    .isInstanceOfSatisfying(ParleyError.class, e -> {
                        assertThat(e.code()).isEqualTo("invalid_field");
                        assertThat(e.field()).isEqualTo("content");
                        assertThat(e.getMessage()).contains("control characters");
                    });
        }
        assertField(new SendCommand("id", "bob", null, "x", "https://x.org/a\u0000b"), "attachmentUrl");
    }

    @Test
    void exactlyOneDestination() {
        assertField(new SendCommand("id", null, null, "hi", null), "to");
        assertField(new SendCommand("id", "bob", "room:x", "hi", null), "conversationId");
    }

    @Test
    void clientMessageIdsAreShortPrintableTokens() {
        assertField(new SendCommand(null, "bob", null, "hi", null), "clientMsgId");
        assertField(new SendCommand("with space", "bob", null, "hi", null), "clientMsgId");
        assertField(new SendCommand("x".repeat(65), "bob", null, "hi", null), "clientMsgId");
        assertThat(validation.validate(new SendCommand("3f1c2a9e-5b7d-4c1e-9a2b-0c8d7e6f5a4b", " bob ", null, "hi", null)))
                .isEqualTo(new SendCommand("3f1c2a9e-5b7d-4c1e-9a2b-0c8d7e6f5a4b", "bob", null, "hi", null));
        assertThat(validation.validate(new SendCommand("a.b_c:d-" + "x".repeat(56), "bob", null, "hi", null)).clientMsgId())
                .isEqualTo("a.b_c:d-" + "x".repeat(56));
    }

    private void assertField(SendCommand command, String field) {
        assertThatThrownBy(() -> validation.validate(command))
                .isInstanceOfSatisfying(ParleyError.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
