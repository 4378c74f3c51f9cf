package dev.parley.discovery;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Service discovery: off unless a Eureka URL is set (docs/discovery.md).
 *
 * @param eurekaUrl the Eureka server(s) to register with, e.g. {@code http://eureka:8761/eureka/};
 *                  several peers separated by commas. Blank: no registration, no Eureka client
 */
@ConfigurationProperties("parley.discovery")
record DiscoverySettings(@DefaultValue("") String eurekaUrl) {

    DiscoverySettings {
        eurekaUrl = eurekaUrl == null ? "" : eurekaUrl.strip();
        for (String url : urls(eurekaUrl)) {
            if (!isHttpUrl(url)) {
                throw new IllegalArgumentException("parley.discovery.eureka-url must be one or more http(s) URLs of Eureka servers separated by commas, "
                        + "e.g. http://eureka:8761/eureka/, got '" + eurekaUrl + "'");
            }
        }
    }

    boolean enabled() {
        return !eurekaUrl.isEmpty();
    }

    private static List<String> urls(String value) {
        return value.isEmpty() ? List.of() : Arrays.stream(value.split(",", -1)).map(String::strip).toList();
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
