package dev.jobpool.problem;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Arrays;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Serves the documentation that each problem's {@code type} URI points to. */
@RestController
@Tag(name = "problems", description = "What each problem type means")
class ProblemDocsController {

    @io.swagger.v3.oas.annotations.media.Schema(name = "ProblemType")
    record ProblemTypeResponse(String type, String slug, int status, String title, String description) {
        static ProblemTypeResponse of(ProblemType type) {
            return new ProblemTypeResponse(type.uri().toString(), type.slug(), type.status().value(), type.title(),
                    type.description());
        }
    }

    @GetMapping(value = "/problems", produces = org.springframework.http.MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listProblemTypes", summary = "Lists every problem type Jobpool answers with")
    List<ProblemTypeResponse> list() {
        return Arrays.stream(ProblemType.values()).map(ProblemTypeResponse::of).toList();
    }

    @GetMapping(value = "/problems/{slug}", produces = org.springframework.http.MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getProblemType", summary = "Describes one problem type")
    @ProblemResponses(ProblemType.NOT_FOUND)
    ProblemTypeResponse get(@PathVariable String slug) {
        return Arrays.stream(ProblemType.values()).filter(t -> t.slug().equals(slug)).findFirst()
                .map(ProblemTypeResponse::of)
                .orElseThrow(() -> new NoSuchProblemType(slug));
    }

    static final class NoSuchProblemType extends RuntimeException {
        NoSuchProblemType(String slug) {
            super("no problem type has the slug '" + slug + "'; GET /problems lists them");
        }
    }
}
