package dev.jobpool.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bench/layers}: a submit's request shape (a path variable, a {@code Prefer} header, a JSON body with a
 * {@code task} and {@code args}; {@code 202} with a {@code Location} and a small JSON future) answered with no
 * Jobpool work at all, once through each set of layers the service could put in front of a call:
 *
 * <pre>
 *  mvc      an annotated controller method, as Jobpool's own (handler search, argument resolvers, validation,
 *           return-value handler); the filters and Spring Security's chain before it
 *  fn       a functional endpoint (RouterFunction): the same filters and chain, no annotation machinery
 *  servlet  a plain servlet reading and writing with Jackson: the same filters and chain, no DispatcherServlet
 *  bare     the same servlet with Spring Security's chain skipped (web.ignoring): Tomcat, the other filters
 * </pre>
 *
 * <p>Test code, and off unless {@code jobpool.bench.layers=true}: only {@link LayersMain} starts a service with
 * it. Every path is under {@code /api/v1} (read scope, which protected mode grants) but the bare one.
 */
@RestController
@ConditionalOnProperty("jobpool.bench.layers")
class LayersEndpoints {

    record Body(@NotBlank String task, List<JsonNode> args) {
    }

    record Answer(String id, String executor, String task, String state, boolean done, Object result) {
    }

    private static Answer answer(String executor, String task) {
        return new Answer(UUID.randomUUID().toString(), executor, task, "PENDING", false, null);
    }

    @PostMapping(value = "/api/v1/bench-layers/{name}/mvc", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Answer> mvc(@PathVariable String name, @RequestHeader(name = "Prefer", required = false) String prefer,
                               @Valid @RequestBody Body body) {
        Answer answer = answer(name, body.task());
        return ResponseEntity.accepted().location(URI.create("/api/v1/futures/" + answer.id())).body(answer);
    }

    @Bean
    RouterFunction<ServerResponse> benchLayersFunction() {
        return RouterFunctions.route().POST("/api/v1/bench-layers/{name}/fn", request -> {
            Answer answer = answer(request.pathVariable("name"), request.body(Body.class).task());
            return ServerResponse.accepted().location(URI.create("/api/v1/futures/" + answer.id()))
                    .contentType(MediaType.APPLICATION_JSON).body(answer);
        }).build();
    }

    @Bean
    ServletRegistrationBean<HttpServlet> benchLayersServlet(JsonMapper json) {
        return plain("benchLayersServlet", "/api/v1/bench-layers-servlet/*", json);
    }

    @Bean
    ServletRegistrationBean<HttpServlet> benchLayersBareServlet(JsonMapper json) {
        return plain("benchLayersBareServlet", "/bench-layers-bare/*", json);
    }

    private static ServletRegistrationBean<HttpServlet> plain(String name, String mapping, JsonMapper json) {
        ServletRegistrationBean<HttpServlet> servlet = new ServletRegistrationBean<>(new Plain(json), mapping);
        servlet.setName(name);
        return servlet;
    }

    @Bean
    WebSecurityCustomizer benchLayersBare() {
        return web -> web.ignoring().requestMatchers("/bench-layers-bare/**");
    }

    /** Reads the body and writes the answer with Jackson, nothing else. */
    private static final class Plain extends HttpServlet {

        private final transient JsonMapper json;

        Plain(JsonMapper json) {
            this.json = json;
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Body body = json.readValue(request.getInputStream(), Body.class);
            String uri = request.getRequestURI();
            Answer answer = answer(uri.substring(uri.lastIndexOf('/') + 1), body.task());
            byte[] bytes = json.writeValueAsBytes(answer);
            response.setStatus(HttpServletResponse.SC_ACCEPTED);
            response.setHeader("Location", "/api/v1/futures/" + answer.id());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }
}
