package dev.jobpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.ApiTest;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Waiting requests pin no thread, and a client that leaves a stream cancels what has not started. */
class ConcurrencyIT extends ApiTest {

    @Test
    void aThousandConcurrentLongPollsAreAllAnsweredWhenTheFutureFinishes() {
        String id = api.submit("default", "sleep", 2, "done");
        HttpClient client = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
                .build();

        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String path = i % 2 == 0 ? "/api/v1/futures/" + id + "?wait=30" : "/api/v1/futures/" + id + "/result?timeout=30";
            polls.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).join();

        assertThat(polls).allSatisfy(poll -> {
            HttpResponse<String> response = poll.join();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("done");
        });
        // while they waited, the service kept answering other requests: it is not out of threads
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    @Test
    void aClientThatLeavesAMapStreamCancelsWhatHasNotStarted() throws Exception {
        String executor = api.createExecutor("leave", 1, 100);
        String json = Api.JSON.writeValueAsString(
                body("task", "sleep", "iterables", List.of(List.of(0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2))));
        // a raw socket, so that hanging up really closes the connection
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("POST /api/v1/executors/" + executor + "/map HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/x-ndjson\r\n"
                    + "Content-Length: " + json.length() + "\r\n\r\n" + json).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            String received = "";
            while (!received.contains("\"index\":0")) {
                received += (char) in.read(); // read until the first result, then hang up
            }
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/futures?executor=" + executor
                + "&state=PENDING").body().get("totalItems").asInt() == 0
                && api.get("/api/v1/futures?executor=" + executor + "&state=RUNNING").body().get("totalItems").asInt() == 0);
        int cancelled = api.get("/api/v1/futures?executor=" + executor + "&state=CANCELLED").body().get("totalItems").asInt();
        assertThat(cancelled).as("calls not started when the client left").isGreaterThanOrEqualTo(4);
    }
}
