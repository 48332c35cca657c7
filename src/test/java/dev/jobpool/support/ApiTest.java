package dev.jobpool.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Base of end-to-end tests: the whole service on a random port, driven over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiTest {

    @LocalServerPort
    protected int port;

    protected Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    /** Builds a JSON object from name/value pairs, for request bodies. */
    protected static tools.jackson.databind.node.ObjectNode body(Object... namesAndValues) {
        tools.jackson.databind.node.ObjectNode node = Api.JSON.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            node.set((String) namesAndValues[i], Api.JSON.valueToTree(namesAndValues[i + 1]));
        }
        return node;
    }
}
