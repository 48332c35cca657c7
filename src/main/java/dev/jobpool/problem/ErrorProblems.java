package dev.jobpool.problem;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.core.io.JsonStringEncoder;

/**
 * Refusals that never reach a controller still answer {@code application/problem+json}: the servlet container's
 * error dispatch ({@code /error}, which Boot would answer with its own JSON or {@code {"status":999}}), and what
 * Tomcat refuses before any servlet runs (a malformed request line, an encoded slash or a NUL in the path, an
 * oversized header), which it would answer with an HTML page.
 */
@Configuration(proxyBeanMethods = false)
class ErrorProblems {

    /** Replaces Boot's BasicErrorController (it backs off when an ErrorController exists). */
    @RestController
    @Hidden
    static class ErrorDispatch implements ErrorController {

        @RequestMapping(value = "/error", produces = MediaType.APPLICATION_PROBLEM_JSON_VALUE)
        ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            ProblemType type = code instanceof Integer status ? typeOf(status) : ProblemType.NOT_FOUND;
            ProblemDetail problem = Problems.of(type, containerDetail(type));
            // the request that failed, not /error, which the client never asked for
            if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
                try {
                    problem.setInstance(java.net.URI.create(uri));
                } catch (IllegalArgumentException e) {
                    // not a URI reference as the client wrote it: leave the instance out
                }
            }
            return ResponseEntity.status(type.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
    }

    /**
     * What a status the container chose means. A 408 is Tomcat giving up on a request whose body did not arrive
     * in time: the {@code timeout} type's own description speaks of a future that "goes on running", and none
     * exists.
     */
    static String containerDetail(ProblemType type) {
        return type == ProblemType.TIMEOUT ? "the request's body did not arrive within the web server's connection"
                + " timeout (server.tomcat.connection-timeout), so it never reached Jobpool: nothing was accepted"
                : type.description();
    }

    /** The closest problem type of a status the container chose; a 4xx never becomes a 5xx. */
    static ProblemType typeOf(int status) {
        return Arrays.stream(ProblemType.values()).filter(t -> t.status().value() == status)
                .findFirst().orElse(status >= 500 ? ProblemType.INTERNAL_ERROR : ProblemType.INVALID_REQUEST);
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    /** Tomcat's own error pages as problems: no HTML, no server version, no stack trace. */
    public static final class ProblemReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            ProblemType type = typeOf(status);
            String body = "{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":" + status
                    + ",\"detail\":\"" + json(detail(type, response.getMessage(), throwable)) + "\"}";
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                // Spring Security writes these on every other answer, but no filter ran for this one: the two of
                // its headers that matter for a JSON body (not to be sniffed as something else, not to be cached)
                response.setHeader("X-Content-Type-Options", "nosniff");
                response.setHeader("Cache-Control", "no-store");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(body);
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone, or the response was committed meanwhile: nothing more to say
            }
        }

        /**
         * What Tomcat said it refused ("Invalid URI", "Request header is too large", …), cut short: the type's
         * description alone would promise an {@code errors} list that a refusal this early cannot have.
         */
        static String detail(ProblemType type, String message, Throwable throwable) {
            // Tomcat's parser says what it refused in an IllegalArgumentException; any other throwable's message
            // is the service's business, not the client's
            String reason = message != null && !message.isBlank() ? message
                    : throwable instanceof IllegalArgumentException parse && parse.getMessage() != null
                    ? parse.getMessage() : "";
            if (reason.isBlank()) {
                return type == ProblemType.INVALID_REQUEST ? REFUSED + "its request line, its headers or their"
                        + " encoding are not well-formed HTTP" : containerDetail(type);
            }
            // Tomcat's messages may quote the request target, which the client chose and may have made long
            return REFUSED + Problems.clip(reason);
        }

        private static final String REFUSED = "the web server refused the request before it reached Jobpool: ";

        private static String json(String text) {
            StringBuilder quoted = new StringBuilder(text.length() + 16);
            JsonStringEncoder.getInstance().quoteAsString(text, quoted);
            return quoted.toString();
        }
    }

}
