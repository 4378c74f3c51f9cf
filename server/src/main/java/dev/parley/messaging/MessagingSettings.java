package dev.parley.messaging;

import dev.parley.system.SettingsCheck;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxContentBytes       largest message content, in UTF-8 bytes
 * @param maxAttachmentUrlChars longest attachment URL
 * @param editWindow            how long after sending its author may edit a message; 0 for no limit
 */
@ConfigurationProperties("parley.messages")
public record MessagingSettings(
        @DefaultValue("16384") int maxContentBytes,
        @DefaultValue("2048") int maxAttachmentUrlChars,
        @DefaultValue("0s") java.time.Duration editWindow) {

    public MessagingSettings {
        new SettingsCheck()
                .require(maxContentBytes >= 1 && maxContentBytes <= 1_000_000,
                        "parley.messages.max-content-bytes must be between 1 and 1000000, got " + maxContentBytes)
                .require(!editWindow.isNegative(), "parley.messages.edit-window must not be negative, got " + editWindow)
                .require(maxAttachmentUrlChars >= 16, "parley.messages.max-attachment-url-chars must be at least 16, got " + maxAttachmentUrlChars)
                .done();
    }
}
