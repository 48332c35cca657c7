package dev.jobpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.ApiTest;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/v1/events: futures' ends as server-sent events, resumable with Last-Event-ID. */
class EventsIT extends ApiTest {

    /** One event as the stream framed it. */
    record Event(long id, String name, JsonNode future) {
    }

    /** An open event stream, read on a thread of its own. */
    final class Stream implements AutoCloseable {
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final InputStream body;
        final int status;

        Stream(String query, String lastEventId) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/events" + query)).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            body = response.body();
            Thread.ofVirtual().start(this::read);
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                long id = -1;
                String name = null;
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("id: ")) {
                        id = Long.parseLong(line.substring(4));
                    } else if (line.startsWith("event: ")) {
                        name = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        events.add(new Event(id, name, Api.JSON.readTree(line.substring(6))));
                    }
                }
            } catch (Exception closed) {
                // the test closed the stream
            }
        }

        List<Event> take(int count) throws InterruptedException {
            List<Event> taken = new ArrayList<>();
            while (taken.size() < count) {
                Event event = events.poll(10, TimeUnit.SECONDS);
                assertThat(event).as("event " + (taken.size() + 1) + " of " + count).isNotNull();
                taken.add(event);
            }
            return taken;
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }

    private List<String> echoes(String executor, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(api.submit(executor, "echo", i));
        }
        return ids;
    }

    @Test
    void aClientThatReconnectsWithLastEventIdGetsEveryEndOnceInOrder() throws Exception {
        String executor = api.createExecutor("events", 1, 100);
        List<Event> seen = new ArrayList<>();
        List<String> before;
        try (Stream stream = new Stream("?executor=" + executor, null)) {
            assertThat(stream.status).isEqualTo(200);
            before = echoes(executor, 3);
            seen.addAll(stream.take(3));
        }
        // gone: these end while nobody listens
        List<String> during = echoes(executor, 5);
        for (String id : during) {
            assertThat(api.get("/api/v1/futures/" + id + "/result?timeout=10").status()).isEqualTo(200);
        }
        try (Stream again = new Stream("?executor=" + executor, String.valueOf(seen.getLast().id()))) {
            seen.addAll(again.take(5));
            List<String> after = echoes(executor, 2);
            seen.addAll(again.take(2));
            assertThat(again.events.poll(500, TimeUnit.MILLISECONDS)).as("nothing twice").isNull();

            List<String> all = new ArrayList<>(before);
            all.addAll(during);
            all.addAll(after);
            assertThat(seen).extracting(e -> e.future().get("id").asString()).containsExactlyElementsOf(all);
        }
        assertThat(seen).extracting(Event::name).containsOnly("future");
        assertThat(seen).extracting(e -> e.future().get("state").asString()).containsOnly("FINISHED");
        assertThat(seen).extracting(Event::id).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aStreamCanFollowSomeFuturesOnlyAndTellsCancelsAndExceptions() throws Exception {
        String executor = api.createExecutor("followed", 1, 100);
        String blocker = api.submit(executor, "sleep", 30);
        String queued = api.submit(executor, "echo", 1);
        String unrelated = api.submit("default", "echo", 2);
        String raising = api.submit("default", "divide", 0);
        try (Stream stream = new Stream("?futures=" + queued + "," + raising + "," + blocker, "0")) {
            api.post("/api/v1/futures/" + queued + "/cancel", "");
            api.post("/api/v1/futures/" + blocker + "/cancel?interrupt=true", "");
            List<Event> events = stream.take(3);
            assertThat(events).extracting(e -> e.future().get("id").asString())
                    .containsExactlyInAnyOrder(queued, raising, blocker).doesNotContain(unrelated);
            Event raised = events.stream().filter(e -> e.future().get("id").asString().equals(raising)).findFirst()
                    .orElseThrow();
            assertThat(raised.future().get("exception").get("type").asString()).isEqualTo("ValueError");
        }
    }

    @Test
    void aLastEventIdThatIsNoNumberIsAProblem() {
        Api.Answer answer = api.get("/api/v1/events", "Last-Event-ID", "yesterday");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.problem()).isEqualTo("invalid-request");
    }
}
