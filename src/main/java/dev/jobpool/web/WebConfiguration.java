package dev.jobpool.web;

import dev.jobpool.problem.RequestBodies;
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

/**
 * The request body limit, JSON answers in one write, the future id in request logs, strict JSON, and the OpenAPI
 * description's own parts.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /** Marks the schemas that {@link #anyValues} empties (springdoc gives them "type: object"). */
    private static final String ANY_VALUE = "x-jobpool-any-value";

    static {
        // a JsonNode in a request is "any JSON value", not Jackson's tree API; stream bodies are documented
        // on their operations, so the StreamingResponseBody type itself is no schema
        org.springdoc.core.utils.SpringDocUtils.getConfig()
                // an empty schema: what generators turn into their "any value" type (Object, Any), where a
                // union of the seven JSON types gives wrapper classes that cannot hold a dict or a list
                .replaceWithSchema(tools.jackson.databind.JsonNode.class, new Schema<>().description("any JSON value")
                        .extensions(new java.util.HashMap<>(Map.of(ANY_VALUE, true))))
                .addResponseTypeToIgnore(org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody.class);
    }

    /**
     * Runs in Spring Security's chain, right after the filter that writes the security headers
     * (SecurityConfiguration), so that its 413 and 415 carry them as every other answer does; and before
     * authentication, so that an oversized body is refused before anything else is done with it. As a servlet filter
     * of its own, ahead of the chain, its refusals went out without them.
     */
    @Bean
    RequestBodies requestBodies(HttpProperties properties, JsonMapper json) {
        return new RequestBodies(properties.maxBodySize().toBytes(), json);
    }

    /** Not a servlet filter as well: Spring Boot would otherwise register the bean ahead of the chain. */
    @Bean
    FilterRegistrationBean<RequestBodies> requestBodiesOnlyInTheSecurityChain(RequestBodies filter) {
        FilterRegistrationBean<RequestBodies> registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }

    /** Outside every other filter, so that the flushes of all of them reach it (Spring Security's wrapper too). */
    @Bean
    FilterRegistrationBean<OneWriteJson> oneWriteJson() {
        FilterRegistrationBean<OneWriteJson> registration = new FilterRegistrationBean<>(new OneWriteJson());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
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
     * ({@code "timeout": "1"}), a number where a name belongs ({@code "name": 1}) or a fraction where a count
     * belongs ({@code "maxWorkers": 1.5}, which Jackson would truncate to 1) is a 400, not a guess.
     */
    @Bean
    org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer strictRequests() {
        return builder -> builder
                .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(tools.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(tools.jackson.databind.DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(tools.jackson.databind.type.LogicalType.Textual, text -> text
                        .setCoercion(tools.jackson.databind.cfg.CoercionInputShape.Integer,
                                tools.jackson.databind.cfg.CoercionAction.Fail)
                        .setCoercion(tools.jackson.databind.cfg.CoercionInputShape.Float,
                                tools.jackson.databind.cfg.CoercionAction.Fail)
                        .setCoercion(tools.jackson.databind.cfg.CoercionInputShape.Boolean,
                                tools.jackson.databind.cfg.CoercionAction.Fail));
    }

    /**
     * Any-value schemas as the empty schema ({@code {}} with its description): springdoc types them "object",
     * which generators read as "a map", refusing a number or a list.
     */
    @Bean
    org.springdoc.core.customizers.OpenApiCustomizer anyValues() {
        return openApi -> {
            java.util.Set<Schema<?>> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            @SuppressWarnings("rawtypes") // swagger's models hand out raw Schema maps
            java.util.function.Consumer<Schema> visit = new java.util.function.Consumer<>() {
                @Override
                public void accept(Schema schema) {
                    if (schema == null || !seen.add(schema)) {
                        return;
                    }
                    if (schema.getExtensions() != null && ((Map<?, ?>) schema.getExtensions()).remove(ANY_VALUE) != null) {
                        schema.setType(null);
                        schema.setTypes(null);
                        if (schema.getExtensions().isEmpty()) {
                            schema.setExtensions(null);
                        }
                    }
                    if (schema.getProperties() != null) {
                        schema.getProperties().values().forEach(this);
                    }
                    accept(schema.getItems());
                    if (schema.getAdditionalProperties() instanceof Schema values) {
                        accept(values);
                    }
                }
            };
            if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
                openApi.getComponents().getSchemas().values().forEach(visit);
            }
            if (openApi.getPaths() != null) {
                openApi.getPaths().values().stream().flatMap(path -> path.readOperations().stream()).forEach(op -> {
                    if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                        op.getRequestBody().getContent().values().forEach(media -> visit.accept(media.getSchema()));
                    }
                    if (op.getResponses() != null) {
                        op.getResponses().values().stream().filter(r -> r.getContent() != null)
                                .flatMap(r -> r.getContent().values().stream())
                                .forEach(media -> visit.accept(media.getSchema()));
                    }
                });
            }
        };
    }

    /**
     * The description's own parts; problems are {@code problem.ProblemOpenApi}'s. The version is the build's, so
     * that SDKs generated from it carry the service's version; the server is where a local Jobpool listens.
     */
    @Bean
    OpenAPI openApi(org.springframework.beans.factory.ObjectProvider<org.springframework.boot.info.BuildProperties> build) {
        org.springframework.boot.info.BuildProperties properties = build.getIfAvailable();
        return new OpenAPI()
                .info(new Info().title("Jobpool").version(properties == null ? "0.0.0" : properties.getVersion())
                        .description("Python's concurrent.futures as a REST service: submit named tasks to bounded"
                                + " executors, then poll, wait, stream and cancel their futures."))
                .servers(java.util.List.of(new io.swagger.v3.oas.models.servers.Server().url("http://localhost:8080")
                        .description("a Jobpool on this machine, on its default port")))
                .components(new Components());
    }
}
