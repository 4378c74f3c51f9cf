package dev.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

class DrainFilterTest {

    private final Draining draining = new Draining();
    private final DrainFilter filter = new DrainFilter(draining, new WebSocketPaths(java.util.List.of()));

    @Test
    void upgradesPassUntilTheDrainBegins() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/ws"));
        boolean[] passed = {false};
        filter.filter(exchange, e -> {
            passed[0] = true;
            return Mono.empty();
        }).block();
        assertThat(passed[0]).isTrue();
    }

    @Test
    void duringTheDrainAnUpgradeGets503WithAProblemSayingWhy() {
        draining.begin();
        for (String path : new String[] {"/ws", "/socket/connect"}) {
            MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
            filter.filter(exchange, e -> Mono.error(new AssertionError("must not reach the WebSocket handler"))).block();
            assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
            assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"code\":\"shutting_down\"");
        }
    }

    @Test
    void duringTheDrainOtherRequestsAreServed() {
        draining.begin();
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/conversations"));
        boolean[] passed = {false};
        filter.filter(exchange, e -> {
            passed[0] = true;
            return Mono.empty();
        }).block();
        assertThat(passed[0]).isTrue();
    }
}
