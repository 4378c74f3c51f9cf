package dev.parley.support;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the contract tests that run against one node per database: its API and the clients a test opened. */
public abstract class NodeContract {

    private final List<WsClient> clients = new ArrayList<>();
    protected TestApi api;

    protected abstract ParleyNode node();

    @BeforeEach
    void openApi() {
        api = node().api();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
        clients.clear();
    }

    protected WsClient connect(TestApi.Account account) {
        return track(WsClient.connect(api.port(), account.token()));
    }

    /** Closes {@code client} after the test. */
    protected WsClient track(WsClient client) {
        clients.add(client);
        return client;
    }
}
