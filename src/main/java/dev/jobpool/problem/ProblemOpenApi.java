package dev.jobpool.problem;

import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * Problems in the OpenAPI description, typed so that a generated client exposes what each carries as fields: a
 * 424's {@code exception} as a {@code RaisedException}, a 429's {@code executor} or {@code quota}.
 *
 * <p>Each operation lists its problems with {@link ProblemResponses}; per status it answers one schema: the base
 * {@code Problem} when its problems carry nothing more, the problem's own schema ({@code TaskRaisedProblem}) when
 * the status has one problem there, else the status's schema ({@code TooManyRequestsProblem}) with every field
 * that any problem of that status carries. One name always means one shape. Flat objects rather than
 * {@code allOf} over {@code Problem}: generators turn flat objects into plain classes everywhere, while
 * composition gives some of them wrapper types. What each problem carries is {@link #fields}, beside
 * {@link Problems#of}, which sets them.
 */
@Configuration(proxyBeanMethods = false)
class ProblemOpenApi {

    static final String PROBLEM = "Problem";
    private static final String SCHEMAS = "#/components/schemas/";

    /** The fields a problem carries beyond type, title, status, detail and instance: what Problems.of sets. */
    static Map<String, Schema<?>> fields(ProblemType type) {
        Map<String, Schema<?>> fields = new LinkedHashMap<>();
        switch (type) {
            case INVALID_REQUEST -> fields.put("errors", errors());
            case INVALID_ARGUMENTS -> {
                fields.put("errors", errors());
                fields.put("task", new StringSchema().description("the task whose arguments were refused"));
            }
            case UNKNOWN_TASK -> fields.put("task", new StringSchema().description("the name that is no task"));
            case EXECUTOR_NOT_FOUND, EXECUTOR_EXISTS, EXECUTOR_SHUT_DOWN, EXECUTOR_BROKEN, QUEUE_FULL ->
                    fields.put("executor", new StringSchema().description("the executor's name"));
            case QUOTA_EXCEEDED -> {
                fields.put("quota", new StringSchema().description("the quota: max-active-calls, max-retained-bytes,"
                        + " submits-per-second, max-event-streams or max-waiting-futures"));
                fields.put("tenant", new StringSchema().description("whose quota"));
            }
            case FUTURE_NOT_FOUND -> fields.put("ids", new ArraySchema().items(new StringSchema())
                    .description("every id asked for that is unknown here"));
            case FUTURE_GONE, CANCELLED, IDEMPOTENCY_KEY_REUSED, TIMEOUT -> fields.put("futureId", futureId());
            case FUTURE_NOT_DONE -> {
                fields.put("futureId", futureId());
                fields.put("state", new StringSchema().description("the future's state: PENDING or RUNNING"));
            }
            case TASK_RAISED -> {
                fields.put("futureId", futureId());
                fields.put("exception", new Schema<>().$ref(SCHEMAS + "RaisedException")
                        .description("what the task raised: its Python type, message and traceback"));
            }
            case EXECUTOR_LIMIT_REACHED, PAYLOAD_TOO_LARGE, NOT_FOUND, METHOD_NOT_ALLOWED, NOT_ACCEPTABLE,
                 UNSUPPORTED_MEDIA_TYPE, UNAUTHENTICATED, FORBIDDEN, STORE_UNAVAILABLE, INTERNAL_ERROR -> {
                // the base fields only
            }
        }
        return fields;
    }

    private static Schema<?> errors() {
        return new ArraySchema().items(new Schema<>().$ref(SCHEMAS + "ArgumentError"))
                .description("each field at fault and why");
    }

    private static Schema<?> futureId() {
        return new StringSchema().description("the future's id");
    }

    /** The schema answered for these problems of one status, and its name. */
    record Answer(String name, Map<String, Schema<?>> fields) {

        static Answer of(List<ProblemType> types) {
            Map<String, Schema<?>> fields = new LinkedHashMap<>();
            types.forEach(type -> fields.putAll(ProblemOpenApi.fields(type)));
            if (fields.isEmpty()) {
                return new Answer(PROBLEM, fields);
            }
            if (types.size() == 1) {
                return new Answer(camel(types.getFirst().slug()) + PROBLEM, fields);
            }
            // every problem of the status, not only these: the name then means the same wherever it is used
            ProblemType first = types.getFirst();
            Map<String, Schema<?>> all = new LinkedHashMap<>();
            Arrays.stream(ProblemType.values()).filter(t -> t.status() == first.status())
                    .forEach(t -> all.putAll(ProblemOpenApi.fields(t)));
            return new Answer(camel(first.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                    + PROBLEM, all);
        }

        private static String camel(String slug) {
            return Arrays.stream(slug.split("-")).map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1))
                    .collect(Collectors.joining());
        }

        Schema<?> schema() {
            Schema<?> schema = base().description("RFC 9457 problem details; `type` ends in a slug listed at"
                    + " GET /problems");
            fields.forEach(schema::addProperty);
            return schema;
        }
    }

    private static Schema<?> base() {
        return new ObjectSchema()
                .addProperty("type", new StringSchema().description("/problems/<slug>"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .required(List.of("type", "title", "status"))
                .additionalProperties(true);
    }

    /**
     * Each operation's problem responses from its {@link ProblemResponses}, one per status; and for every operation
     * that reads a body, the two that {@link RequestBodies} answers before any handler runs (413, 415), which no
     * annotation has to remember.
     */
    @Bean
    OperationCustomizer problemResponses() {
        return (operation, handler) -> {
            ProblemResponses declared = handler.getMethodAnnotation(ProblemResponses.class);
            java.util.Set<ProblemType> problems = new java.util.LinkedHashSet<>(
                    declared == null ? List.of() : Arrays.asList(declared.value()));
            boolean readsBody = Arrays.stream(handler.getMethodParameters())
                    .anyMatch(parameter -> parameter.hasParameterAnnotation(RequestBody.class));
            if (readsBody) {
                problems.addAll(List.of(ProblemType.PAYLOAD_TOO_LARGE, ProblemType.UNSUPPORTED_MEDIA_TYPE));
            }
            if (problems.isEmpty()) {
                return operation;
            }
            Map<Integer, List<ProblemType>> byStatus = problems.stream().collect(Collectors.groupingBy(
                    t -> t.status().value(), TreeMap::new, Collectors.toList()));
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            byStatus.forEach((status, types) -> {
                Answer answer = Answer.of(types);
                ApiResponse response = new ApiResponse()
                        .description(types.stream().map(t -> t.slug() + ": " + t.title()).collect(Collectors.joining("; ")))
                        .content(new Content().addMediaType("application/problem+json",
                                new io.swagger.v3.oas.models.media.MediaType()
                                        .schema(new Schema<>().$ref(SCHEMAS + answer.name()))));
                if (status == 429 || status == 503) {
                    response.addHeaderObject("Retry-After", new Header().description("seconds to wait before a retry")
                            .schema(new IntegerSchema()));
                }
                responses.addApiResponse(String.valueOf(status), response);
            });
            operation.setResponses(responses);
            return operation;
        };
    }

    /** The problem schemas that operations refer to, and what they refer to. */
    @Bean
    OpenApiCustomizer problemSchemas() {
        return openApi -> {
            var components = openApi.getComponents();
            components.addSchemas(PROBLEM, Answer.of(List.of(ProblemType.INTERNAL_ERROR)).schema()
                    .description("RFC 9457 problem details; `type` ends in a slug listed at GET /problems"));
            components.addSchemas("ArgumentError", new ObjectSchema()
                    .addProperty("field", new StringSchema().description("the parameter, or args/kwargs/items[i].…"))
                    .addProperty("message", new StringSchema())
                    .required(List.of("field", "message")));
            for (ProblemType type : ProblemType.values()) {
                for (List<ProblemType> group : List.of(List.of(type), Arrays.stream(ProblemType.values())
                        .filter(t -> t.status() == type.status()).toList())) {
                    Answer answer = Answer.of(group);
                    if (isReferenced(openApi, answer.name())) {
                        components.addSchemas(answer.name(), answer.schema());
                    }
                }
            }
        };
    }

    private static boolean isReferenced(io.swagger.v3.oas.models.OpenAPI openApi, String name) {
        return openApi.getPaths() != null && openApi.getPaths().values().stream()
                .flatMap(path -> path.readOperations().stream())
                .filter(op -> op.getResponses() != null)
                .flatMap(op -> op.getResponses().values().stream())
                .filter(r -> r.getContent() != null)
                .flatMap(r -> r.getContent().values().stream())
                .anyMatch(media -> media.getSchema() != null && (SCHEMAS + name).equals(media.getSchema().get$ref()));
    }
}
