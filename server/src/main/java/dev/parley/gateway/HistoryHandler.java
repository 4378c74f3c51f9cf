package dev.parley.gateway;

import dev.parley.conversations.History;
import reactor.core.publisher.Mono;

/** {@code history.get} → {@code history}: the REST history page over the WebSocket, matched by {@code requestId}. */
final class HistoryHandler implements FrameHandler {

    private final History history;

    HistoryHandler(History history) {
        this.history = history;
    }

    @Override
    public String type() {
        return "history.get";
    }

    @Override
    public Mono<Void> handle(Connection connection, InboundFrame frame) {
        String requestId = frame.text("requestId");
        Long limit = frame.number("limit");
        History.Query query = new History.Query(frame.text("conversationId"), frame.number("before"), frame.number("after"),
                limit == null ? null : (int) Math.clamp(limit, -1, History.MAX_LIMIT));
        return history.page(connection.user().userId(), query)
                .doOnNext(page -> connection.send(new Frames.Frame("history", new Frames.HistoryData(requestId, page.conversationId(),
                        page.messages(), page.olderBefore(), page.newerAfter()))))
                .then();
    }
}
