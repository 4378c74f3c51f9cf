package dev.parley.routing;

/** A server → client frame: {@code {"type": ..., "data": ...}}. */
public record EventFrame(String type, Object data) {
}
