package dev.parley.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** The WebSocket token leaves the URL before anything can log the request. */
class QueryTokenTest {

    @Test
    void theTokenMovesFromTheQueryToTheHeaderAndTheRestOfTheQueryStays() {
        ServerHttpRequest moved = QueryToken.moved(MockServerHttpRequest.get("/ws?resume=1&token=eyJ.secret.sig").build());

        assertThat(moved.getURI().toString()).doesNotContain("eyJ").endsWith("/ws?resume=1");
        assertThat(moved.getURI().getRawQuery()).isEqualTo("resume=1");
        assertThat(moved.getQueryParams()).containsOnlyKeys("resume");
        assertThat(moved.getHeaders().getFirst(QueryToken.HEADER)).isEqualTo("eyJ.secret.sig");
    }

    @Test
    void aTokenAloneLeavesNoQuery() {
        ServerHttpRequest moved = QueryToken.moved(MockServerHttpRequest.get("/socket/connect?token=abc").build());

        assertThat(moved.getURI().getRawQuery()).isNull();
        assertThat(moved.getPath().value()).isEqualTo("/socket/connect");
        assertThat(moved.getHeaders().getFirst(QueryToken.HEADER)).isEqualTo("abc");
    }

    @Test
    void onlyTheQueryCanSetTheHeader() {
        ServerHttpRequest moved = QueryToken.moved(MockServerHttpRequest.get("/ws").header(QueryToken.HEADER, "from-the-client").build());

        assertThat(moved.getHeaders().containsHeader(QueryToken.HEADER)).isFalse();
    }

    @Test
    void aRequestWithoutATokenIsLeftAlone() {
        ServerHttpRequest request = MockServerHttpRequest.get("/api/v1/conversations?limit=20").build();

        assertThat(QueryToken.moved(request)).isSameAs(request);
    }
}
