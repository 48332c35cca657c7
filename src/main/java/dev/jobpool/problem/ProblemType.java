package dev.jobpool.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * Every problem Jobpool answers with. A problem's {@code type} is {@code /problems/<slug>}, which this service
 * serves as documentation; clients and generated SDKs match on the slug, never on the prose.
 */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "Invalid request",
            "The request is malformed or a parameter is out of range; `errors` names each field."),
    INVALID_ARGUMENTS("invalid-arguments", HttpStatus.BAD_REQUEST, "Invalid task arguments",
            "The arguments do not fit the task's parameters (missing, extra, duplicated, ill-typed or out of"
                    + " range); `errors` names each. Nothing was queued."),
    UNKNOWN_TASK("unknown-task", HttpStatus.BAD_REQUEST, "Unknown task",
            "No task of that name is registered; GET /api/v1/tasks lists them."),
    EXECUTOR_NOT_FOUND("executor-not-found", HttpStatus.NOT_FOUND, "Executor not found",
            "No executor has that name; GET /api/v1/executors lists them."),
    EXECUTOR_EXISTS("executor-exists", HttpStatus.CONFLICT, "Executor exists",
            "An executor of that name exists and has not terminated."),
    EXECUTOR_LIMIT_REACHED("executor-limit-reached", HttpStatus.CONFLICT, "Executor limit reached",
            "Creating the executor would pass a configured limit on executors or workers."),
    EXECUTOR_SHUT_DOWN("executor-shut-down", HttpStatus.CONFLICT, "Executor shut down",
            "The executor was shut down and cannot schedule new futures."),
    EXECUTOR_BROKEN("executor-broken", HttpStatus.CONFLICT, "Executor broken",
            "The executor is broken (Python's BrokenExecutor), e.g. its initializer raised; it runs nothing more."),
    QUEUE_FULL("queue-full", HttpStatus.TOO_MANY_REQUESTS, "Queue full",
            "The executor's queue is at its capacity; retry after the Retry-After header's seconds."),
    QUOTA_EXCEEDED("quota-exceeded", HttpStatus.TOO_MANY_REQUESTS, "Quota exceeded",
            "The tenant is at one of its quotas (`quota` names it: max-active-calls, max-retained-bytes or"
                    + " submits-per-second); nothing was accepted. Retry after the Retry-After header's seconds."),
    FUTURE_NOT_FOUND("future-not-found", HttpStatus.NOT_FOUND, "Future not found",
            "No future ever had that id here; `ids` lists the unknown ones."),
    FUTURE_GONE("future-gone", HttpStatus.GONE, "Future gone",
            "The future existed but was forgotten: deleted, or its retention ended."),
    FUTURE_NOT_DONE("future-not-done", HttpStatus.CONFLICT, "Future not done",
            "Only a finished or cancelled future can be deleted."),
    TASK_RAISED("task-raised", HttpStatus.FAILED_DEPENDENCY, "Task raised an exception",
            "result() re-raises the task's exception: `exception` holds its type, message and traceback."),
    CANCELLED("cancelled", HttpStatus.CONFLICT, "Future cancelled",
            "The future was cancelled (Python's CancelledError): it has no result or exception."),
    TIMEOUT("timeout", HttpStatus.REQUEST_TIMEOUT, "Timed out",
            "What was waited for was not done within the timeout (Python's TimeoutError); it goes on running."
                    + " Or, from the web server, the request's body did not arrive in time, and nothing was accepted."),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused",
            "The Idempotency-Key was used before with a different request."),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Payload too large",
            "The request body is larger than jobpool.http.max-body-size."),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found", "No resource is at that path."),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed",
            "That HTTP method is not supported here; the Allow header lists the ones that are."),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable",
            "None of the media types in Accept can be produced here."),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
            "Request bodies must be application/json, sent as they are (no Content-Encoding)."),
    UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "Unauthenticated",
            "The request carries no credential, or one this service does not accept. Send Authorization: Bearer"
                    + " with an API key or a JWT; WWW-Authenticate says what was wrong."),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden",
            "The credential is valid but lacks the scope this operation needs (read, submit, admin, monitor), or"
                    + " may not use this executor."),
    STORE_UNAVAILABLE("store-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Store unavailable",
            "The database that keeps futures (jobpool.store=postgres) did not answer; nothing was accepted. Retry"
                    + " after the Retry-After header's seconds."),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
            "Jobpool failed; the service log has the details under the same time.");

    private final String slug;
    private final HttpStatus status;
    private final String title;
    private final String description;

    ProblemType(String slug, HttpStatus status, String title, String description) {
        this.slug = slug;
        this.status = status;
        this.title = title;
        this.description = description;
    }

    public String slug() {
        return slug;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public URI uri() {
        return URI.create("/problems/" + slug);
    }

    /** The problem for a status that Spring MVC itself answers with (unknown path, wrong method, ...). */
    public static ProblemType ofStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
        };
    }
}
