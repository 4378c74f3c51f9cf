package dev.parley.accounts;

import static dev.parley.support.Frames.join;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.parley.support.ParleyNode;
import dev.parley.support.TestApi;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Account and room farming, on a node of its own with the quotas low: one address registering
 * accounts gets 429 {@code rate_limited} after its burst while another address still registers;
 * one user creating rooms gets {@code rate_limited} after its allowance while joining an existing
 * room still works. Each loopback address (127.0.0.x) is a client address of its own.
 */
class RegistrationQuotaIT {

    private static ParleyNode node;

    @BeforeAll
    static void start() {
        node = ParleyNode.start(TestDirs.fresh("registration-quota"), Map.of(
                "parley.limits.registration.burst", "3",
                "parley.limits.registration.per-address-per-hour", "1",
                "parley.limits.rooms.created-per-hour", "2"));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void oneAddressRegisteringAccountsIsRefusedAfterItsBurstAndAnotherAddressIsNot() {
        List<HttpResponse<String>> answers = IntStream.range(0, 6).mapToObj(i -> register("127.0.0.2", TestApi.uniqueName("farm"))).toList();

        assertThat(answers.subList(0, 3)).extracting(HttpResponse::statusCode).containsOnly(201);
        assertThat(answers.subList(3, 6)).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(429);
            assertThat(answer.body()).contains("\"code\":\"rate_limited\"");
            assertThat(answer.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(s -> assertThat(s).isBetween(1L, 3600L));
        });
        assertThat(register("127.0.0.3", TestApi.uniqueName("elsewhere")).statusCode()).as("another address").isEqualTo(201);
    }

    @Test
    void aUserCreatingRoomsIsRefusedAfterItsAllowanceButMayStillJoinRoomsThatExist() {
        String ann = TestApi.uniqueName("rooms-ann");
        String ben = TestApi.uniqueName("rooms-ben");
        assertThat(register("127.0.0.4", ann).statusCode()).isEqualTo(201);
        assertThat(register("127.0.0.4", ben).statusCode()).isEqualTo(201);
        String existing = TestApi.uniqueName("existing");
        try (WsClient annWs = WsClient.connect(node.port(), node.api().login(ann, password(ann)));
             WsClient benWs = WsClient.connect(node.port(), node.api().login(ben, password(ben)))) {
            benWs.send(join(existing));
            benWs.awaitData("room.joined", "room", existing);

            String first = TestApi.uniqueName("mine");
            String second = TestApi.uniqueName("mine");
            annWs.send(join(first));
            annWs.awaitData("room.joined", "room", first);
            annWs.send(join(second));
            annWs.awaitData("room.joined", "room", second);
            annWs.send(join(TestApi.uniqueName("one-too-many")));
            JsonNode refusal = annWs.awaitType("error").get("data");
            assertThat(refusal.get("code").asString()).isEqualTo("rate_limited");
            assertThat(refusal.get("retryAfterMs").asLong()).isPositive();

            annWs.send(join(existing));
            annWs.awaitData("room.joined", "room", existing);
            assertThat(annWs.frames("error")).as("only the one refusal").hasSize(1);
        }
    }

    private static String password(String username) {
        return "correct-horse-" + username;
    }

    private static HttpResponse<String> register(String address, String username) {
        try {
            HttpClient client = HttpClient.newBuilder().localAddress(InetAddress.getByName(address)).connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/api/v1/auth/register"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"password\":\"" + password(username) + "\"}"))
                    .build();
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
