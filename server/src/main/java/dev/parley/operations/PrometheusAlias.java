package dev.parley.operations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /prometheus/metrics}: the same scrape as {@code /actuator/prometheus}, at the path
 * dashboards written for other WebSocket services use. 404 when the Prometheus endpoint is not
 * exposed (then neither path serves it).
 */
@RestController
class PrometheusAlias {

    private final ObjectProvider<PrometheusScrapeEndpoint> endpoint;

    PrometheusAlias(ObjectProvider<PrometheusScrapeEndpoint> endpoint) {
        this.endpoint = endpoint;
    }

    @GetMapping("/prometheus/metrics")
    ResponseEntity<byte[]> scrape(@RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        PrometheusScrapeEndpoint scrape = endpoint.getIfAvailable();
        if (scrape == null) {
            return ResponseEntity.notFound().build();
        }
        PrometheusOutputFormat format = accept != null && accept.contains("application/openmetrics-text")
                ? PrometheusOutputFormat.CONTENT_TYPE_OPENMETRICS_100 : PrometheusOutputFormat.CONTENT_TYPE_004;
        WebEndpointResponse<byte[]> response = scrape.scrape(format, null); // null: every meter
        return ResponseEntity.status(response.getStatus())
                .header(HttpHeaders.CONTENT_TYPE, format.getProducedMimeType().toString())
                .body(response.getBody());
    }
}
