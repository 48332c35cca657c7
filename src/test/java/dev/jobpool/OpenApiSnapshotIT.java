package dev.jobpool;

import dev.jobpool.support.ApiTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description is part of the API: the checked-in {@code docs/openapi.json} is what SDKs are
 * generated from, so the live one must not drift from it. After an intended change, regenerate it with
 * {@code ./mvnw verify -Dit.test=OpenApiSnapshotIT -Djobpool.openapi.update=true} and commit the diff.
 */
class OpenApiSnapshotIT extends ApiTest {

    private static final Path SNAPSHOT = Path.of("docs/openapi.json");
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonNode live() {
        return api.get("/v3/api-docs").body(); // servers is fixed (localhost:8080), not the random test port
    }

    @Test
    void theLiveSpecMatchesTheCheckedInOne() throws Exception {
        JsonNode live = live();
        if (Boolean.getBoolean("jobpool.openapi.update")) {
            Files.writeString(SNAPSHOT, JSON.writeValueAsString(live) + "\n");
        }
        JsonNode checkedIn = JSON.readTree(Files.readString(SNAPSHOT));

        assertThat(live).as("live /v3/api-docs differs from docs/openapi.json; regenerate it (see this test's Javadoc)")
                .isEqualTo(checkedIn);
    }

    @Test
    void everyOperationHasAUniqueOperationIdAndDocumentsItsProblems() {
        JsonNode spec = live();
        assertThat(spec.get("openapi").asString()).startsWith("3.1");
        Set<String> ids = new HashSet<>();
        spec.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String id = operation.getValue().path("operationId").asString(null);
            assertThat(id).as(operation.getKey() + " " + path.getKey()).isNotBlank().matches("[a-z][A-Za-z]+");
            assertThat(ids.add(id)).as("duplicate operationId " + id).isTrue();
            operation.getValue().get("responses").properties().stream()
                    .filter(response -> response.getKey().startsWith("4"))
                    .forEach(response -> assertThat(response.getValue().path("content").has("application/problem+json"))
                            .as(id + " " + response.getKey()).isTrue());
        }));
        assertThat(ids).contains("submit", "map", "getFutureResult", "cancelFuture", "waitFutures", "asCompleted");
    }
}
