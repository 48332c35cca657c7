package dev.jobpool.task;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** What no store keeps as sent is found wherever it hides in a value; everything else passes. */
class UnstorableTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Test
    void ordinaryTextAndPairedSurrogatesPass() {
        assertThat(Unstorable.in(json("{\"k\":[\"caf\\u00e9\",\"\\ud83d\\ude00\",1,null,{\"x\":\"y\"}]}"))).isEmpty();
        assertThat(Unstorable.in(json("\"\\ud83d\\ude00 at the end\\ud83d\\ude00\""))).isEmpty();
    }

    @Test
    void aNulIsFoundInAStringOrAKeyAtAnyDepth() {
        assertThat(Unstorable.in(json("[[\"a\\u0000\"]]")).orElseThrow()).contains("U+0000 (NUL)");
        assertThat(Unstorable.in(json("{\"a\":{\"b\\u0000\":1}}")).orElseThrow()).contains("U+0000 (NUL)");
    }

    @Test
    void anUnpairedSurrogateIsFoundWhereverItsOtherHalfIsMissing() {
        assertThat(Unstorable.in(json("\"\\ud800\"")).orElseThrow()).contains("an unpaired surrogate (\\ud800)");
        assertThat(Unstorable.in(json("\"x\\udc00\"")).orElseThrow()).contains("an unpaired surrogate (\\udc00)");
        assertThat(Unstorable.in(json("\"\\ude00\\ud83d\"")).orElseThrow()).as("a pair in the wrong order")
                .contains("an unpaired surrogate (\\ude00)");
        assertThat(Unstorable.in(json("{\"\\ud800\":1}"))).isPresent();
    }
}
