package dev.jobpool.future;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A wait over unknown ids says which, each once, and briefly; the problem's ids list has them all. */
class FutureNotFoundTest {

    @Test
    void anIdAskedForTwiceIsNamedOnce() {
        FutureNotFound notFound = new FutureNotFound(List.of("x", "x"));

        assertThat(notFound.ids()).containsExactly("x");
        assertThat(notFound.getMessage()).isEqualTo("no future has the id 'x'");
    }

    @Test
    void theMessageNamesTheFirstTenAndCountsTheRestWhileIdsKeepsThemAll() {
        List<String> ids = IntStream.range(0, 25).mapToObj(i -> "id-" + i).toList();

        FutureNotFound notFound = new FutureNotFound(ids);

        assertThat(notFound.ids()).isEqualTo(ids);
        assertThat(notFound.getMessage()).startsWith("no futures have the ids [id-0, id-1,")
                .contains("id-9]").doesNotContain("id-10").endsWith(" and 15 more");
    }
}
