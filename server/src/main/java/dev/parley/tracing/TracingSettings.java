package dev.parley.tracing;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tracing of the message path (docs/operations.md). Off unless a Zipkin endpoint is set.
 *
 * @param zipkinEndpoint where spans are reported, e.g. {@code http://localhost:9411/api/v2/spans};
 *                       blank reports nothing and samples nothing
 * @param sampling       share of messages traced, 0 to 1; blank means 1 with an endpoint, 0 without
 */
@ConfigurationProperties("parley.tracing")
public record TracingSettings(
        @DefaultValue("") String zipkinEndpoint,
        @DefaultValue("") String sampling) {

    public TracingSettings {
        zipkinEndpoint = zipkinEndpoint == null ? "" : zipkinEndpoint.trim();
        sampling = sampling == null ? "" : sampling.trim();
        if (!zipkinEndpoint.isEmpty()) {
            URI uri;
            try {
                uri = URI.create(zipkinEndpoint);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("parley.tracing.zipkin-endpoint is not a URL: '" + zipkinEndpoint + "'");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("parley.tracing.zipkin-endpoint must be an http(s) URL such as "
                        + "http://localhost:9411/api/v2/spans, got '" + zipkinEndpoint + "'");
            }
        }
        if (!sampling.isEmpty()) {
            double value;
            try {
                value = Double.parseDouble(sampling);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("parley.tracing.sampling must be a number from 0 to 1, got '" + sampling + "'");
            }
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("parley.tracing.sampling must be from 0 to 1, got " + sampling);
            }
        }
    }
}
