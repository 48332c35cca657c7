package dev.jobpool.web;

import dev.jobpool.problem.BodySizeLimit;
import dev.jobpool.problem.ProblemResponses;
import dev.jobpool.problem.ProblemType;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import tools.jackson.databind.json.JsonMapper;

/** The request body limit, the future id in request logs, and the OpenAPI description's shared parts. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    private static final String PROBLEM_SCHEMA = "Problem";

    static {
        // a JsonNode in a request is "any JSON value", not Jackson's tree API; stream bodies are documented
        // on their operations, so the StreamingResponseBody type itself is no schema
        org.springdoc.core.utils.SpringDocUtils.getConfig()
                .replaceWithSchema(tools.jackson.databind.JsonNode.class, new Schema<>().types(new java.util.LinkedHashSet<>(
                        java.util.List.of("object", "array", "string", "number", "integer", "boolean", "null")))
                        .description("any JSON value"))
                .addResponseTypeToIgnore(org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody.class);
    }

    @Bean
    FilterRegistrationBean<BodySizeLimit> bodySizeLimit(HttpProperties properties, JsonMapper json) {
        FilterRegistrationBean<BodySizeLimit> registration =
                new FilterRegistrationBean<>(new BodySizeLimit(properties.maxBodySize().toBytes(), json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    org.springframework.web.servlet.config.annotation.WebMvcConfigurer futureIdLogging() {
        return new org.springframework.web.servlet.config.annotation.WebMvcConfigurer() {
            @Override
            public void addInterceptors(org.springframework.web.servlet.config.annotation.InterceptorRegistry registry) {
                registry.addInterceptor(new FutureIdLogging()).addPathPatterns("/api/v1/futures/*", "/api/v1/futures/*/*");
            }
        };
    }

    /**
     * Request bodies mean exactly what they say: a key given twice, a string where a number belongs
     * ({@code "timeout": "1"}) or a number where a name belongs ({@code "name": 1}) is a 400, not a guess.
     */
    @Bean
    org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer strictRequests() {
        return builder -> builder
                .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(tools.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(tools.jackson.databind.type.LogicalType.Textual, text -> text
                        .setCoercion(tools.jackson.databind.cfg.CoercionInputShape.Integer,
                                tools.jackson.databind.cfg.CoercionAction.Fail)
                        .setCoercion(tools.jackson.databind.cfg.CoercionInputShape.Float,
                                tools.jackson.databind.cfg.CoercionAction.Fail)
                        .setCoercion(tools.jackson.databind.cfg.CoercionInputShape.Boolean,
                                tools.jackson.databind.cfg.CoercionAction.Fail));
    }

    @Bean
    OpenAPI openApi() {
        Schema<?> problem = new ObjectSchema()
                .description("RFC 9457 problem details; `type` ends in a slug listed at GET /problems")
                .addProperty("type", new StringSchema().description("/problems/<slug>"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .additionalProperties(true);
        return new OpenAPI()
                .info(new Info().title("Jobpool").version("v1")
                        .description("Python's concurrent.futures as a REST service: submit named tasks to bounded"
                                + " executors, then poll, wait, stream and cancel their futures."))
                .components(new Components().addSchemas(PROBLEM_SCHEMA, problem));
    }

    /** Documents each operation's problem responses from its {@link ProblemResponses}, grouped by status. */
    @Bean
    OperationCustomizer problemResponses() {
        return (operation, handler) -> {
            ProblemResponses declared = handler.getMethodAnnotation(ProblemResponses.class);
            if (declared == null) {
                return operation;
            }
            Map<Integer, String> byStatus = Arrays.stream(declared.value()).collect(Collectors.groupingBy(
                    t -> t.status().value(), TreeMap::new,
                    Collectors.mapping(t -> t.slug() + ": " + t.title(), Collectors.joining("; "))));
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            byStatus.forEach((status, description) -> responses.addApiResponse(String.valueOf(status),
                    new ApiResponse().description(description).content(new Content().addMediaType(
                            "application/problem+json", new io.swagger.v3.oas.models.media.MediaType()
                                    .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))))));
            operation.setResponses(responses);
            return operation;
        };
    }
}
