package dev.parley.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import dev.parley.support.ParleyNode;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Password guessing against a node of its own (its back-off must not hold up other tests' logins):
 * a flood of wrong passwords for one account, 10 at a time, gets 429 {@code rate_limited} with
 * {@code Retry-After} once the free failures are used, the right password waits out the back-off
 * too and then works; one address guessing many accounts backs off while other addresses do not.
 * A client bound to 127.0.0.2 is a second address on the loopback interface.
 */
class LoginFloodIT {

    private static final HttpClient FROM_1 = client("127.0.0.1");
    private static final HttpClient FROM_2 = client("127.0.0.2");
    private static ParleyNode node;

    @BeforeAll
    static void start() {
        node = ParleyNode.start(TestDirs.fresh("login-flood"), Map.of(
                "parley.limits.login.free-failures-per-account", "3",
                "parley.limits.login.free-failures-per-address", "20",
                "parley.limits.login.first-backoff", "1s",
                "parley.limits.login.max-backoff", "3s"));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aFloodOfWrongPasswordsForOneAccountBacksOffAndTheOwnerGetsInAfterwards() {
        Account alice = node.api().register("flood");
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            List<CompletableFuture<HttpResponse<String>>> batch = IntStream.range(0, 10)
                    .mapToObj(i -> login("127.0.0.1", alice.username(), "wrong-password-" + i)).toList();
            batch.forEach(f -> answers.add(f.join()));
        }

        List<HttpResponse<String>> limited = answers.stream().filter(a -> a.statusCode() == 429).toList();
        assertThat(answers).extracting(HttpResponse::statusCode).as("60 wrong passwords").containsOnly(401, 429);
        assertThat(limited).as("refused without checking the password").hasSizeGreaterThanOrEqualTo(40);
        assertThat(limited).allSatisfy(a -> {
            assertThat(a.body()).contains("\"code\":\"rate_limited\"");
            assertThat(a.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 3));
        });
        assertThat(login("127.0.0.1", alice.username(), alice.password()).join().statusCode())
                .as("the right password during the back-off").isEqualTo(429);
        Awaitility.await("the back-off passes").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> login("127.0.0.1", alice.username(), alice.password()).join().statusCode() == 200);
    }

    @Test
    void oneAddressGuessingManyAccountsBacksOffAndOtherAddressesDoNot() {
        Account bob = node.api().register("flood-bob");
        List<Integer> statuses = IntStream.range(0, 30)
                .mapToObj(i -> login("127.0.0.2", "nobody-" + i + "-" + bob.username(), "guess").join().statusCode()).toList();
        assertThat(statuses.subList(0, 20)).as("the address's free failures").containsOnly(401);
        assertThat(statuses.subList(20, 30)).as("then each waits out a back-off").contains(429);

        assertThat(login("127.0.0.2", bob.username(), bob.password()).join().statusCode())
                .as("a correct password from the guessing address, during its back-off").isEqualTo(429);
        HttpResponse<String> elsewhere = login("127.0.0.1", bob.username(), bob.password()).join();
        assertThat(elsewhere.statusCode()).as("the same account from another address: %s", elsewhere.body()).isEqualTo(200);
    }

    private static CompletableFuture<HttpResponse<String>> login(String host, String username, String password) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/api/v1/auth/login"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"))
                .build();
        return (host.equals("127.0.0.2") ? FROM_2 : FROM_1).sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Connections from {@code address}: what the server takes as the client's address. */
    private static HttpClient client(String address) {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).localAddress(InetAddress.getByName(address)).build();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
