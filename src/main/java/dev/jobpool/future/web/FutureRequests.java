package dev.jobpool.future.web;

import dev.jobpool.future.FuturePage;
import dev.jobpool.future.ReturnWhen;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;

/** Request and response bodies of {@code /api/v1/futures}. */
final class FutureRequests {

    private FutureRequests() {
    }

    @Schema(name = "WaitRequest", example = "{\"ids\": [\"01a21fa1-ed79-74a7-ac5f-e63ac78029c1\"], \"timeout\": 1,"
            + " \"returnWhen\": \"FIRST_COMPLETED\"}")
    record WaitRequest(
            @NotEmpty @Size(max = 10_000) List<@NotNull String> ids,
            @Schema(description = "seconds; none waits up to jobpool.http.max-wait") BigDecimal timeout,
            @Schema(description = "default ALL_COMPLETED") ReturnWhen returnWhen) {
    }

    @Schema(name = "WaitResponse")
    record WaitResponse(List<FutureResponse> done, List<FutureResponse> notDone) {
    }

    @Schema(name = "AsCompletedRequest", example = "{\"ids\": [\"01a21fa1-ed79-74a7-ac5f-e63ac78029c1\"],"
            + " \"timeout\": 5}")
    record AsCompletedRequest(
            @NotEmpty @Size(max = 10_000) List<@NotNull String> ids,
            @Schema(description = "seconds for the whole stream; none waits up to jobpool.http.max-wait")
            BigDecimal timeout) {
    }

    @Schema(name = "AsCompletedResult")
    record AsCompletedResponse(
            @Schema(description = "the futures that completed within the timeout, in the order they did")
            List<FutureResponse> futures,
            @Schema(description = "ids of the futures still unfinished at the timeout, in the order asked")
            List<String> notDone) {
    }

    @Schema(name = "CancelResponse")
    record CancelResponse(boolean cancelled, FutureResponse future) {
    }

    @Schema(name = "FuturePage")
    record FuturePageResponse(List<FutureResponse> items, int page, int size, long totalItems) {
    }
}
