package dev.parley.messaging;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import dev.parley.system.JsonInput;
import dev.parley.system.ParleyError;

/** Field checks for a {@link SendCommand}; every failure names the field at fault. */
final class SendValidation {

    /** Any client-chosen id works (a UUID is recommended); it only has to be unique per sender. */
    static final Pattern CLIENT_MSG_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    static final int MAX_EMOJI_CHARS = 32;

    private final MessagingSettings settings;

    SendValidation(MessagingSettings settings) {
        this.settings = settings;
    }

    SendCommand validate(SendCommand command) {
        clientMsgId(command.clientMsgId());
        boolean hasTo = command.to() != null && !command.to().isBlank();
        boolean hasConversation = command.conversationId() != null && !command.conversationId().isBlank();
        if (hasTo == hasConversation) {
            throw ParleyError.invalid(hasTo ? "conversationId" : "to",
                    "give exactly one of 'to' (a username or user id) and 'conversationId'");
        }
        String content = command.content() == null ? "" : command.content();
        String attachment = command.attachmentUrl() == null || command.attachmentUrl().isBlank() ? null : command.attachmentUrl().trim();
        if (content.isBlank() && attachment == null) {
            throw ParleyError.invalid("content", "content is required (it may be empty only when attachmentUrl is given)");
        }
        content(content);
        if (attachment != null) {
            checkAttachmentUrl(attachment);
        }
        if (command.replyTo() != null) {
            messageId("replyTo", command.replyTo());
        }
        return new SendCommand(command.clientMsgId(), hasTo ? command.to().trim() : null,
                hasConversation ? command.conversationId().trim() : null, content, attachment, command.replyTo());
    }

    /** The change's fields; a reaction needs no clientMsgId (reactions are idempotent), every other change does. */
    ChangeCommand validate(ChangeCommand command) {
        if (!command.isReaction() || command.clientMsgId() != null) {
            clientMsgId(command.clientMsgId());
        }
        messageId("serverMsgId", command.serverMsgId());
        if (ChangeCommand.EDIT.equals(command.kind())) {
            if (command.content() == null || command.content().isBlank()) {
                throw ParleyError.invalid("content", "content is required: the message's new text");
            }
            content(command.content());
        }
        if (command.isReaction()) {
            emoji(command.emoji());
        }
        return command;
    }

    private static void clientMsgId(String clientMsgId) {
        if (clientMsgId == null || clientMsgId.isEmpty()) {
            throw ParleyError.invalid("clientMsgId", "clientMsgId is required (a UUID is recommended)");
        }
        if (!CLIENT_MSG_ID.matcher(clientMsgId).matches()) {
            throw ParleyError.invalid("clientMsgId", "clientMsgId must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'");
        }
    }

    private void content(String content) {
        int control = firstControlCharacter(content);
        if (control >= 0) {
            throw ParleyError.invalid("content", "content must not contain control characters other than newline and tab (found U+"
                    + String.format("%04X", (int) content.charAt(control)) + " at index " + control + ")");
        }
        requireUnicode("content", content);
        int bytes = content.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > settings.maxContentBytes()) {
            throw ParleyError.tooLarge("content_too_large", "content",
                    "content is " + bytes + " bytes; the maximum is " + settings.maxContentBytes() + " bytes (UTF-8)");
        }
    }

    private static void messageId(String field, String id) {
        if (id == null || id.isBlank()) {
            throw ParleyError.invalid(field, field + " is required: a message's serverMsgId");
        }
        if (id.length() != 36) {
            throw ParleyError.invalid(field, field + " must be a serverMsgId (a UUID)");
        }
        try {
            java.util.UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ParleyError.invalid(field, field + " must be a serverMsgId (a UUID)");
        }
    }

    /** An emoji or a short code: up to 32 characters, no spaces or control characters (stored as given). */
    private static void emoji(String emoji) {
        if (emoji == null || emoji.isEmpty()) {
            throw ParleyError.invalid("emoji", "emoji is required");
        }
        if (emoji.length() > MAX_EMOJI_CHARS || emoji.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                || Character.isSpaceChar(c))) {
            throw ParleyError.invalid("emoji", "emoji must be 1 to " + MAX_EMOJI_CHARS + " characters without spaces or control characters");
        }
        requireUnicode("emoji", emoji);
    }

    /**
     * Index of the first control character (C0, DEL or C1) other than newline and tab, or -1.
     * PostgreSQL cannot store U+0000 at all, and the others only break what displays messages.
     */
    static int firstControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                return i;
            }
        }
        return -1;
    }

    /** A lone surrogate would be stored as '?' (UTF-8 cannot encode it): refuse it rather than change the text. */
    private static void requireUnicode(String field, String text) {
        int surrogate = JsonInput.firstLoneSurrogate(text);
        if (surrogate >= 0) {
            throw ParleyError.invalid(field, JsonInput.loneSurrogateMessage(field, text, surrogate));
        }
    }

    private void checkAttachmentUrl(String url) {
        if (firstControlCharacter(url) >= 0) {
            throw ParleyError.invalid("attachmentUrl", "attachmentUrl must not contain control characters");
        }
        requireUnicode("attachmentUrl", url);
        if (url.length() > settings.maxAttachmentUrlChars()) {
            throw ParleyError.invalid("attachmentUrl", "attachmentUrl must be at most " + settings.maxAttachmentUrlChars() + " characters");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null) {
                throw ParleyError.invalid("attachmentUrl", "attachmentUrl must be an absolute http or https URL");
            }
        } catch (URISyntaxException e) {
            throw ParleyError.invalid("attachmentUrl", "attachmentUrl is not a valid URL: " + e.getReason());
        }
    }
}
