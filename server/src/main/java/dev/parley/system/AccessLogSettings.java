package dev.parley.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled one line per HTTP request and WebSocket upgrade (logger {@code dev.parley.access}):
 *                method, path without its query (a WebSocket token travels there), status and duration
 */
@ConfigurationProperties("parley.access-log")
public record AccessLogSettings(@DefaultValue("false") boolean enabled) {
}
