package dev.jobpool.problem;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnreadableParametersTest {

    @Test
    void percentEncodedUtf8Decodes() {
        assertThat(UnreadableParameters.decodes("plain")).isTrue();
        assertThat(UnreadableParameters.decodes("a+b%20c")).isTrue();
        assertThat(UnreadableParameters.decodes("%E2%82%AC")).as("€").isTrue();
        assertThat(UnreadableParameters.decodes("%f0%9f%98%80")).as("an emoji, lower-case hex").isTrue();
        assertThat(UnreadableParameters.decodes("")).isTrue();
    }

    @Test
    void whatTomcatCannotDecodeDoesNotDecodeHereEither() {
        assertThat(UnreadableParameters.decodes("%ff")).as("not a UTF-8 byte").isFalse();
        assertThat(UnreadableParameters.decodes("%e2%82")).as("cut inside a character").isFalse();
        assertThat(UnreadableParameters.decodes("%c0%af")).as("an overlong '/'").isFalse();
        assertThat(UnreadableParameters.decodes("%zz")).isFalse();
        assertThat(UnreadableParameters.decodes("%")).isFalse();
        assertThat(UnreadableParameters.decodes("ab%f")).isFalse();
    }

    @Test
    void theDetailNamesTheFirstParameterThatDoesNotDecode() {
        assertThat(UnreadableParameters.detail("state=PENDING&task=%ff&x=%zz", "Character decoding failed. …"))
                .isEqualTo("parameter 'task' is not percent-encoded UTF-8 (RFC 3986)");
        assertThat(UnreadableParameters.detail("%ff=1", null))
                .isEqualTo("a parameter name in the query string is not percent-encoded UTF-8");
        assertThat(UnreadableParameters.detail("n%C3%A4me=%ff", null)).contains("parameter 'näme'");
        assertThat(UnreadableParameters.detail("x".repeat(5_000) + "=%ff", null)).as("a long name is cut")
                .hasSizeLessThan(300);
    }

    @Test
    void otherwiseTomcatsFirstSentenceCutShort() {
        assertThat(UnreadableParameters.detail("a=1&a=2", "More than the maximum number of request parameters"
                + " ([1,000]) were detected. Any parameters beyond this limit have been ignored."))
                .isEqualTo("the request's parameters (its query string and form body) could not be read: More than"
                        + " the maximum number of request parameters ([1,000]) were detected.");
        assertThat(UnreadableParameters.detail(null, "x".repeat(1_000))).hasSizeLessThan(300);
        assertThat(UnreadableParameters.detail(null, null))
                .isEqualTo("the request's parameters (its query string and form body) could not be read");
    }
}
