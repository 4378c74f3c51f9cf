package dev.parley.log;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a {@link LogRecord} from its JSON with the streaming parser. Every consumer of the log (the
 * live router, the archive, catch-up reads) decodes every record, and binding the record through
 * databind cost about 40% of those threads' CPU. Unknown properties are skipped, as databind did,
 * so a newer writer's records stay readable. {@code LogRecordDecoderTest} checks it reads every
 * component that {@link MessageLog} writes.
 */
final class LogRecordDecoder {

    private final JsonMapper json;

    LogRecordDecoder(JsonMapper json) {
        this.json = json;
    }

    /** @throws tools.jackson.core.JacksonException or {@link RuntimeException} when the bytes are not a record */
    LogRecord decode(byte[] value) {
        try (JsonParser p = json.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new StreamReadException(p, "expected a JSON object");
            }
            int v = 0;
            UUID serverMsgId = null;
            UUID from = null;
            UUID to = null;
            String clientMsgId = null;
            String conversationId = null;
            String fromUsername = null;
            String toUsername = null;
            String room = null;
            String content = null;
            String attachmentUrl = null;
            String originSession = null;
            Instant sentAt = null;
            String kind = null;
            UUID target = null;
            String emoji = null;
            Boolean added = null;
            UUID replyTo = null;
            String replyFrom = null;
            String replyQuote = null;
            java.util.List<Reaction> reactions = null;
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken token = p.nextToken();
                if (token == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "v" -> v = p.getIntValue();
                    case "serverMsgId" -> serverMsgId = uuid(p, token);
                    case "clientMsgId" -> clientMsgId = text(p, token);
                    case "conversationId" -> conversationId = text(p, token);
                    case "from" -> from = uuid(p, token);
                    case "fromUsername" -> fromUsername = text(p, token);
                    case "to" -> to = uuid(p, token);
                    case "toUsername" -> toUsername = text(p, token);
                    case "room" -> room = text(p, token);
                    case "content" -> content = text(p, token);
                    case "attachmentUrl" -> attachmentUrl = text(p, token);
                    case "sentAt" -> sentAt = token.isNumeric() ? epochSeconds(p.getDecimalValue()) : instant(text(p, token));
                    case "originSession" -> originSession = text(p, token);
                    case "kind" -> kind = text(p, token);
                    case "target" -> target = uuid(p, token);
                    case "emoji" -> emoji = text(p, token);
                    case "added" -> added = bool(p, token);
                    case "replyTo" -> replyTo = uuid(p, token);
                    case "replyFrom" -> replyFrom = text(p, token);
                    case "replyQuote" -> replyQuote = text(p, token);
                    case "reactions" -> reactions = reactions(p, token);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new StreamReadException(p, "expected the end of the object");
            }
            if (p.nextToken() != null) {
                throw new StreamReadException(p, "content after the record"); // as databind refused it
            }
            return new LogRecord(v, serverMsgId, clientMsgId, conversationId, from, fromUsername, to, toUsername, room,
                    content, attachmentUrl, sentAt, originSession, kind, target, emoji, added, replyTo, replyFrom, replyQuote, reactions);
        }
    }

    /**
     * An ISO-8601 instant in UTC as {@link Instant#toString()} writes it (yyyy-MM-ddTHH:mm:ss, an optional
     * fraction of up to 9 digits, Z), read without DateTimeFormatter, which was half of the decoding
     * time; any other form goes to {@link Instant#parse}.
     */
    static Instant instant(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
            return Instant.parse(text);
        }
        int nanos = 0;
        if (length > 20) {
            if (text.charAt(19) != '.' || length == 21) {
                return Instant.parse(text);
            }
            int digits = length - 21;
            int fraction = digits(text, 20, length - 1);
            if (fraction < 0) {
                return Instant.parse(text);
            }
            nanos = fraction * POWERS_OF_TEN[9 - digits];
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return Instant.parse(text);
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

    /** The decimal number in text[from, to), or -1 if a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Jackson's numeric form of an instant: seconds, with the nanoseconds as the fraction. */
    private static Instant epochSeconds(java.math.BigDecimal seconds) {
        long whole = seconds.longValue();
        return Instant.ofEpochSecond(whole, seconds.subtract(java.math.BigDecimal.valueOf(whole)).movePointRight(9).longValue());
    }

    /** Only the canonical 36-character form, as databind read it (UUID.fromString also takes "1-2-3-4-5"). */
    private static UUID uuid(JsonParser p, JsonToken token) {
        String text = text(p, token);
        if (text.length() != 36) {
            throw new StreamReadException(p, "not a UUID: " + text);
        }
        return UUID.fromString(text);
    }

    /** {@code [{"emoji", "count", "users": [{"id", "username"}]}]}; the count is taken from the users. */
    private static java.util.List<Reaction> reactions(JsonParser p, JsonToken token) {
        expect(p, token, JsonToken.START_ARRAY);
        java.util.List<Reaction> reactions = new java.util.ArrayList<>();
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            expect(p, token, JsonToken.START_OBJECT);
            String emoji = null;
            java.util.List<Reaction.Reactor> users = new java.util.ArrayList<>();
            String name;
            while ((name = p.nextName()) != null) {
                token = p.nextToken();
                switch (name) {
                    case "emoji" -> emoji = text(p, token);
                    case "users" -> {
                        expect(p, token, JsonToken.START_ARRAY);
                        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                            expect(p, token, JsonToken.START_OBJECT);
                            UUID id = null;
                            String username = null;
                            String field;
                            while ((field = p.nextName()) != null) {
                                token = p.nextToken();
                                switch (field) {
                                    case "id" -> id = uuid(p, token);
                                    case "username" -> username = text(p, token);
                                    default -> p.skipChildren();
                                }
                            }
                            users.add(new Reaction.Reactor(id, username));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            reactions.add(new Reaction(emoji, users.size(), java.util.List.copyOf(users)));
        }
        return java.util.List.copyOf(reactions);
    }

    private static void expect(JsonParser p, JsonToken token, JsonToken expected) {
        if (token != expected) {
            throw new StreamReadException(p, "expected " + expected + " in " + p.currentName());
        }
    }

    private static Boolean bool(JsonParser p, JsonToken token) {
        if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
            throw new StreamReadException(p, "expected true or false for " + p.currentName());
        }
        return token == JsonToken.VALUE_TRUE;
    }

    /** A scalar as text; an object or array where text belongs is not a record. */
    private static String text(JsonParser p, JsonToken token) {
        if (!token.isScalarValue()) {
            throw new StreamReadException(p, "expected a value for " + p.currentName());
        }
        return p.getString();
    }
}
