package dev.jobpool.problem;

import dev.jobpool.task.ArgumentError;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every exception that reaches Spring MVC into a problem: Jobpool's own through {@link Problems}, Spring's
 * (bad JSON, wrong method, unknown path, ...) with a Jobpool problem type and a detail that names the field at
 * fault, and anything else into a bare 500 whose cause goes to the log only.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> handle(RuntimeException e) {
        ProblemDetail problem = Problems.of(e);
        if (problem == null) {
            log.error("unexpected failure", e);
            problem = Problems.of(ProblemType.INTERNAL_ERROR, "Jobpool failed to answer this request");
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(problem.getStatus());
        long retryAfter = Problems.retryAfterSeconds(e);
        if (retryAfter > 0) {
            answer.header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
        }
        if (problem.getStatus() == ProblemType.STORE_UNAVAILABLE.status().value()) {
            log.warn("the future store failed: {}", e.getMessage());
        }
        return answer.body(problem);
    }

    /**
     * A query string (or form body) Tomcat could not read: the client's mistake, so a 400 that names the
     * parameter, not the 500 and the logged stack trace that the catch-all above would give.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> handle(InvalidParameterException e, HttpServletRequest request) {
        return ResponseEntity.status(ProblemType.INVALID_REQUEST.status()).body(Problems.of(
                ProblemType.INVALID_REQUEST, UnreadableParameters.detail(request.getQueryString(), e.getMessage())));
    }

    /**
     * Spring Security's firewall checks a header's value when it is read, so a value it refuses (outside
     * ISO-8859-1, such as {@code Idempotency-Key: ключ}) throws here, in the handler's arguments, rather than
     * in the filter chain, whose {@code RequestRejectedHandler} answers the rest (SecurityConfiguration).
     */
    @ExceptionHandler(org.springframework.security.web.firewall.RequestRejectedException.class)
    ResponseEntity<ProblemDetail> handle(org.springframework.security.web.firewall.RequestRejectedException e) {
        return ResponseEntity.status(ProblemType.INVALID_REQUEST.status())
                .body(Problems.of(ProblemType.INVALID_REQUEST, Problems.rejected(e)));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail p ? p : ProblemDetail.forStatus(status);
        ProblemType type = ProblemType.ofStatus(status.value());
        String detail = problem.getDetail() != null ? problem.getDetail()
                : ex instanceof org.springframework.web.ErrorResponse error ? error.getBody().getDetail() : null;
        switch (ex) {
            case HttpMessageNotReadableException unreadable -> {
                PayloadTooLarge tooLarge = causeOf(unreadable, PayloadTooLarge.class);
                if (tooLarge != null) {
                    return new ResponseEntity<>(Problems.of(tooLarge), headers, ProblemType.PAYLOAD_TOO_LARGE.status());
                }
                detail = unreadable(unreadable);
            }
            case MethodArgumentNotValidException invalid -> {
                List<ArgumentError> errors = invalid.getBindingResult().getFieldErrors().stream()
                        .map(f -> new ArgumentError(f.getField(), String.valueOf(f.getDefaultMessage())))
                        .sorted(java.util.Comparator.comparing(ArgumentError::field)).toList();
                problem.setProperty("errors", errors);
                detail = summary(errors);
            }
            case HandlerMethodValidationException invalid -> {
                List<ArgumentError> errors = new ArrayList<>();
                invalid.getParameterValidationResults().forEach(r -> r.getResolvableErrors().forEach(err ->
                        errors.add(new ArgumentError(parameterName(r.getMethodParameter().getParameterName(), err),
                                String.valueOf(err.getDefaultMessage())))));
                problem.setProperty("errors", errors);
                detail = summary(errors);
            }
            case TypeMismatchException mismatch -> detail = "parameter '" + mismatch.getPropertyName() + "' must be "
                    + parameterType(mismatch.getRequiredType(), mismatch.getValue()) + ", got '" + mismatch.getValue()
                    + "'";
            case NoResourceFoundException missing -> detail = "no resource at /" + missing.getResourcePath();
            case org.springframework.web.HttpMediaTypeNotAcceptableException notAcceptable
                    when unparsableAccept(request) != null -> {
                // The answer is negotiated against the same header, which fails again: Spring sent a bare 406
                // with no body. A header the client got wrong is its mistake (400), and a preset Content-Type
                // skips the negotiation.
                type = ProblemType.INVALID_REQUEST;
                status = type.status();
                detail = "header 'Accept' is not a list of media ranges (RFC 9110), got '"
                        + Problems.clip(unparsableAccept(request)) + "'";
                headers = new HttpHeaders(headers);
                headers.setContentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
                problem = ProblemDetail.forStatus(status);
            }
            default -> {
            }
        }
        problem.setType(type.uri());
        problem.setTitle(type.title());
        problem.setDetail(detail);
        return new ResponseEntity<>(problem, headers, status);
    }

    /** The request's Accept header if it does not parse as media ranges, else null. */
    private static @Nullable String unparsableAccept(WebRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null) {
            return null;
        }
        try {
            org.springframework.http.MediaType.parseMediaTypes(accept);
            return null;
        } catch (IllegalArgumentException e) { // InvalidMediaTypeException and InvalidMimeTypeException are ones
            return accept;
        }
    }

    private static Class<?> boxed(Class<?> type) {
        if (type == null || !type.isPrimitive()) {
            return type == null ? Object.class : type;
        }
        return type == boolean.class ? Boolean.class : Number.class;
    }

    private static String parameterName(String parameter, org.springframework.context.MessageSourceResolvable err) {
        return err instanceof FieldError field ? parameter + "." + field.getField() : parameter;
    }

    private static String summary(List<ArgumentError> errors) {
        return errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
    }

    /** Says what is wrong with an unreadable body in the client's terms: JSON and field paths, no Java types. */
    private static String unreadable(HttpMessageNotReadableException e) {
        JacksonException jackson = causeOf(e, JacksonException.class);
        if (jackson == null) {
            return "the request body is missing or is not JSON";
        }
        String field = jackson.getPath().isEmpty() ? null : path(jackson.getPath());
        return switch (jackson) {
            case UnrecognizedPropertyException unknown -> "unknown field '" + field + "'"
                    + known(unknown.getKnownPropertyIds());
            case InvalidFormatException format when format.getTargetType() != null && format.getTargetType().isEnum() ->
                    "field '" + field + "' must be one of " + enumValues(format.getTargetType()) + ", got '"
                            + format.getValue() + "'";
            case InputCoercionException range when field != null -> "field '" + field + "' must be "
                    + integerRange(range.getTargetType()).orElse(jsonType(range.getTargetType()));
            case MismatchedInputException mismatch when field != null ->
                    "field '" + field + "' must be " + jsonType(mismatch.getTargetType());
            case MismatchedInputException mismatch -> "the request body must be a JSON object";
            case StreamReadException malformed -> "malformed JSON"
                    + (malformed.getLocation() == null ? "" : " at line " + malformed.getLocation().getLineNr()
                    + ", column " + malformed.getLocation().getColumnNr()) + ": " + clientPart(malformed);
            default -> "the request body could not be read as JSON";
        };
    }

    /**
     * The parser's own words about the JSON, without what it adds about itself (its source descriptions and
     * feature names, such as "[Source: REDACTED (`StreamReadFeature…` disabled)]").
     */
    private static String clientPart(JacksonException e) {
        String message = String.valueOf(e.getOriginalMessage());
        int internals = message.indexOf(" (for ");
        int source = message.indexOf("[Source:");
        int cut = internals >= 0 ? internals : source >= 0 ? source : message.length();
        return message.substring(0, cut).strip();
    }

    private static String path(List<JacksonException.Reference> path) {
        StringBuilder text = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                text.append(text.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                text.append('[').append(reference.getIndex()).append(']');
            }
        }
        return text.toString();
    }

    private static String known(Collection<Object> known) {
        return known == null || known.isEmpty() ? ""
                : " (known fields: " + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
    }

    /** The enum's names as clients write them: through its {@code @JsonValue} method where it has one. */
    private static String enumValues(Class<?> type) {
        java.lang.reflect.Method jsonValue = java.util.Arrays.stream(type.getMethods())
                .filter(m -> m.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonValue.class))
                .findFirst().orElse(null);
        return java.util.Arrays.stream(type.getEnumConstants()).map(c -> {
            try {
                return jsonValue == null ? ((Enum<?>) c).name() : String.valueOf(jsonValue.invoke(c));
            } catch (ReflectiveOperationException e) {
                return ((Enum<?>) c).name();
            }
        }).toList().toString();
    }

    /** What a query parameter or a path variable of this type must be, in the client's terms. */
    private static String parameterType(Class<?> type, Object value) {
        if (value instanceof String digits && digits.matches("[+-]?[0-9]+") && integerRange(type).isPresent()) {
            // an integer all the same, only past what the parameter holds: "must be an integer" would puzzle
            return integerRange(type).get();
        }
        if (type != null && type.isEnum()) {
            // converted by the constant's name, not through @JsonValue as a body's field is (enumValues)
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name()).toList();
        }
        Class<?> boxed = boxed(type);
        return boxed == Boolean.class || Number.class.isAssignableFrom(boxed) ? jsonType(type) : "valid";
    }

    /** The integers a field or parameter of this type holds, in the client's terms; empty if not an integer type. */
    private static java.util.Optional<String> integerRange(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return java.util.Optional.of("an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
        }
        if (type == long.class || type == Long.class) {
            return java.util.Optional.of("an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
        }
        return java.util.Optional.empty();
    }

    private static String jsonType(Class<?> type) {
        if (type == null) {
            return "of another JSON type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(boxed(type))) {
            return type == Integer.class || type == int.class || type == Long.class || type == long.class
                    ? "an integer" : "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
