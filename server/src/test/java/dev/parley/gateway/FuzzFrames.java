package dev.parley.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The frames {@link ProtocolFuzzIT} throws at a node, drawn from one seeded {@link Random} (the same
 * seed gives the same frames), each with what docs/protocol.md says must come back: how many answers
 * (error, pong, message.ack, room.joined, room.left, history, resume.done) or which close code.
 */
final class FuzzFrames {

    static final int TEXT = 1;
    static final int BINARY = 2;
    /** parley.gateway.max-frame-bytes: a message above it is closed with 1009. */
    static final int MAX_FRAME_BYTES = 64 * 1024;

    /**
     * One frame to send. {@code minAnswers}..{@code maxAnswers} answers are due for it, unless
     * {@code closeCode} is not 0: then the server must close the connection with that code.
     */
    record Fuzz(String kind, int opcode, byte[] payload, int minAnswers, int maxAnswers, int closeCode) {

        static Fuzz answered(String kind, String text) {
            return new Fuzz(kind, TEXT, text.getBytes(StandardCharsets.UTF_8), 1, 1, 0);
        }

        /** A frame of a known type: read and typing are not answered when they succeed. */
        static Fuzz ofType(String kind, String type, String text) {
            return new Fuzz(kind, TEXT, text.getBytes(StandardCharsets.UTF_8), MAYBE_SILENT.contains(type) ? 0 : 1, 1, 0);
        }

        boolean closes() {
            return closeCode != 0;
        }

        /** The frame for a failure message: kind and the first bytes. */
        String describe() {
            String text = new String(payload, 0, Math.min(payload.length, 300), StandardCharsets.UTF_8);
            return kind + " (opcode " + opcode + ", " + payload.length + " bytes): " + text;
        }
    }

    static final List<String> KNOWN_TYPES = List.of("message.send", "room.join", "room.leave", "history.get", "read", "typing", "resume", "ping");
    static final List<String> MAYBE_SILENT = List.of("read", "typing");
    static final List<String> KNOWN_FIELDS = List.of("clientMsgId", "to", "conversationId", "content", "attachmentUrl", "room",
            "requestId", "before", "after", "limit", "seq", "positions");
    private static final List<String> ODD_TEXT = List.of("{", "}", "{\"type\":\"ping\"}}", "{\"type\":\"ping\",}", "{'type':'ping'}",
            "{\"type\":\"ping\"} {\"type\":\"ping\"}", "NaN", "{\"type\":\"ping\",\"type\":\"ping\"}", "\uFEFF{\"type\":\"ping\"}",
            "   ", "\n", "{\"type\":\"ping\" /* comment */}", "[1,2", "\"unterminated", "{\"a\":01}", "{\"a\":-}", "{\"a\":1e}");
    private static final List<String> ODD_NUMBERS = List.of("1e400", "-1e400", "1e-400", "9223372036854775808", "-9223372036854775809",
            "18446744073709551616", "1.0", "-0", "-0.0", "4.9e-324", "1.7976931348623157e308", "123456789012345678901234567890.5");
    private static final List<String> ODD_STRINGS = List.of("\"room:general\"", "\"room:\"", "\"dm:x:y\"", "\"https://example.com/a.png\"",
            "\"javascript:alert(1)\"", "\"00000000-0000-0000-0000-000000000000\"", "\"\"", "\" \"", "\"\\u0000\"", "\"room:" + "r".repeat(300) + "\"");
    private static final List<byte[]> BAD_UTF8 = List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3, 0x28}, new byte[] {(byte) 0x80},
            new byte[] {(byte) 0xc0, (byte) 0xaf}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xf0, (byte) 0x9f, (byte) 0x98},
            new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80});

    private final Random random;

    FuzzFrames(long seed) {
        this.random = new Random(seed);
    }

    /** Any frame, weighted toward those the node answers and keeps the connection for (about 1 in 60 closes it). */
    Fuzz next() {
        int roll = random.nextInt(120);
        if (roll < 40) {
            return knownTypeWithGarbage();
        } else if (roll < 52) {
            return Fuzz.answered("random object", object(members(3)));
        } else if (roll < 62) {
            return unknownType();
        } else if (roll < 70) {
            return Fuzz.answered("not an object", notAnObject());
        } else if (roll < 78) {
            return Fuzz.answered("not JSON", notJson());
        } else if (roll < 83) {
            return deepNesting();
        } else if (roll < 88) {
            return hugeNumber();
        } else if (roll < 93) {
            return longString();
        } else if (roll < 97) {
            return loneSurrogate();
        } else if (roll < 104) {
            return binary();
        } else if (roll < 108) {
            return new Fuzz("empty", pick(List.of(TEXT, BINARY)), new byte[0], 1, 1, 0);
        } else if (roll < 118) {
            return Fuzz.answered("ping", object(prepend("\"type\":\"ping\"", members(1))));
        } else if (roll < 119) {
            return invalidUtf8();
        }
        return oversized();
    }

    /** A known type whose fields hold values of any JSON type (strings, numbers, arrays, objects, null). */
    private Fuzz knownTypeWithGarbage() {
        String type = pick(KNOWN_TYPES);
        List<String> fields = new ArrayList<>();
        fields.add(quote("type") + ":" + quote(type));
        for (int i = random.nextInt(7); i > 0; i--) {
            fields.add(quote(pick(KNOWN_FIELDS)) + ":" + value(2));
        }
        return Fuzz.ofType("known type", type, object(fields));
    }

    private Fuzz unknownType() {
        String type = switch (random.nextInt(5)) {
            case 0 -> quote(randomString(40));
            case 1 -> quote(pick(List.of("", " ", "MESSAGE.SEND", " ping", "message.send ", "pong", "error")));
            case 2 -> quote("t".repeat(5_000));
            default -> value(1);
        };
        return Fuzz.answered("unknown type", object(prepend(quote("type") + ":" + type, members(2))));
    }

    /** Valid JSON that is not an object: answered invalid_frame. */
    private String notAnObject() {
        String value;
        do {
            value = value(3);
        } while (value.startsWith("{"));
        return value;
    }

    /** Text that is (almost always) not JSON; whatever it is, one error answers it. */
    private String notJson() {
        return switch (random.nextInt(3)) {
            case 0 -> {
                String text = new String(knownTypeWithGarbage().payload(), StandardCharsets.UTF_8);
                yield text.substring(0, 1 + random.nextInt(text.length() - 1));
            }
            case 1 -> randomString(1 + random.nextInt(200)) + "x";
            default -> pick(ODD_TEXT);
        };
    }

    /** Arrays or objects nested 100 to 2,000 levels deep, bare or under a known type's field. */
    private Fuzz deepNesting() {
        int depth = 100 + random.nextInt(1_901);
        boolean array = random.nextBoolean();
        String nested = (array ? "[" : "{\"a\":").repeat(depth) + "1" + (array ? "]" : "}").repeat(depth);
        return random.nextBoolean()
                ? Fuzz.answered("deep nesting", nested)
                : Fuzz.ofType("deep nesting", "resume", "{\"type\":\"resume\",\"positions\":" + nested + "}");
    }

    private Fuzz hugeNumber() {
        String number = random.nextBoolean() ? pick(ODD_NUMBERS) : (1 + random.nextInt(9)) + digits(18 + random.nextInt(3_000));
        String type = pick(KNOWN_TYPES);
        String field = pick(List.of("seq", "before", "after", "limit", "positions", "clientMsgId"));
        String value = field.equals("positions") ? "{\"room:a\":" + number + "}" : number;
        return Fuzz.ofType("huge number", type, "{\"type\":" + quote(type) + ",\"conversationId\":\"room:fuzz\"," + quote(field) + ":" + value + "}");
    }

    /** A string of 1,000 to 60,000 characters in any field (the whole frame stays under 64 KiB). */
    private Fuzz longString() {
        String type = pick(KNOWN_TYPES);
        char c = (char) ('a' + random.nextInt(26));
        String text = "{\"type\":" + quote(type) + "," + quote(pick(KNOWN_FIELDS)) + ":\"" + String.valueOf(c).repeat(1_000 + random.nextInt(59_001)) + "\"}";
        return Fuzz.ofType("long string", type, text);
    }

    /** An escaped lone surrogate in a key or a value: valid JSON, not valid Unicode (invalid_field). */
    private Fuzz loneSurrogate() {
        String type = pick(KNOWN_TYPES);
        String surrogate = pick(List.of("\\ud800", "\\udfff", "a\\ud834", "\\udd1e\\ud834"));
        return Fuzz.answered("lone surrogate", random.nextBoolean()
                ? "{\"type\":" + quote(type) + ",\"" + surrogate + "\":1}"
                : "{\"type\":" + quote(type) + ",\"content\":\"" + surrogate + "\",\"clientMsgId\":\"x" + surrogate + "\"}");
    }

    /** Binary frames, with junk or with a valid frame's bytes: answered unsupported_frame. */
    private Fuzz binary() {
        byte[] bytes = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
        if (random.nextBoolean()) {
            bytes = new byte[1 + random.nextInt(2_000)];
            random.nextBytes(bytes);
        }
        return new Fuzz("binary", BINARY, bytes, 1, 1, 0);
    }

    /** A valid frame with one malformed UTF-8 sequence spliced in: closed with 1007. */
    private Fuzz invalidUtf8() {
        byte[] bad = pick(BAD_UTF8);
        byte[] valid = "{\"type\":\"message.send\",\"content\":\"hello there\",\"to\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        int cut = random.nextInt(valid.length + 1);
        byte[] payload = new byte[valid.length + bad.length];
        System.arraycopy(valid, 0, payload, 0, cut);
        System.arraycopy(bad, 0, payload, cut, bad.length);
        System.arraycopy(valid, cut, payload, cut + bad.length, valid.length - cut);
        return new Fuzz("invalid UTF-8", TEXT, payload, 0, 0, CloseCodes.INVALID_UTF8.getCode());
    }

    /** A message above max-frame-bytes, text or binary: closed with 1009. */
    private Fuzz oversized() {
        String text = "{\"type\":\"message.send\",\"content\":\"" + "x".repeat(MAX_FRAME_BYTES + 1 + random.nextInt(20_000)) + "\"}";
        return new Fuzz("oversized", pick(List.of(TEXT, BINARY)), text.getBytes(StandardCharsets.UTF_8), 0, 0, CloseCodes.MESSAGE_TOO_BIG.getCode());
    }

    /** A JSON value nested at most {@code depth} deep, as text. */
    private String value(int depth) {
        int roll = random.nextInt(depth == 0 ? 5 : 7);
        return switch (roll) {
            case 0 -> quote(randomString(30));
            case 1 -> pick(ODD_STRINGS);
            case 2 -> String.valueOf(random.nextLong());
            case 3 -> random.nextBoolean() ? String.valueOf(random.nextDouble() * Math.pow(10, random.nextInt(600) - 300)) : pick(ODD_NUMBERS);
            case 4 -> pick(List.of("true", "false", "null", "-1", "0", "9223372036854775807", "-9223372036854775808"));
            case 5 -> {
                List<String> elements = new ArrayList<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    elements.add(value(depth - 1));
                }
                yield "[" + String.join(",", elements) + "]";
            }
            default -> object(members(depth - 1));
        };
    }

    /** Up to five members with random keys (known field names and "type" among them). */
    private List<String> members(int depth) {
        List<String> members = new ArrayList<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            String key = switch (random.nextInt(3)) {
                case 0 -> pick(KNOWN_FIELDS);
                case 1 -> "type";
                default -> randomString(12);
            };
            members.add(quote(key) + ":" + value(depth));
        }
        return members;
    }

    /** Any chars, lone surrogates and control characters included (a lone surrogate goes out as '?' in UTF-8). */
    private String randomString(int maxLength) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            text.append(switch (random.nextInt(4)) {
                case 0 -> (char) random.nextInt(0x20);
                case 1 -> (char) random.nextInt(0x10000);
                default -> (char) (0x20 + random.nextInt(0x5f));
            });
        }
        return text.toString();
    }

    private String digits(int count) {
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static String object(List<String> members) {
        return "{" + String.join(",", members) + "}";
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** A JSON string literal (control characters escaped). */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
