package dev.jobpool.problem;

import dev.jobpool.executor.ExecutorExists;
import dev.jobpool.executor.ExecutorLimitReached;
import dev.jobpool.executor.ExecutorNotFound;
import dev.jobpool.executor.ExecutorShutDown;
import dev.jobpool.executor.IdempotencyKeyReused;
import dev.jobpool.executor.InvalidExecutorSpec;
import dev.jobpool.executor.QueueFull;
import dev.jobpool.future.FutureCancelled;
import dev.jobpool.future.FutureGone;
import dev.jobpool.future.FutureNotDone;
import dev.jobpool.future.FutureNotFound;
import dev.jobpool.future.FutureTimedOut;
import dev.jobpool.future.TaskRaised;
import dev.jobpool.task.ArgumentError;
import dev.jobpool.task.InvalidArguments;
import dev.jobpool.task.UnknownTask;
import dev.jobpool.tenant.QuotaExceeded;

import java.util.List;

import org.springframework.http.ProblemDetail;

/**
 * The one place where Jobpool's own exceptions become problem details, for answers and for the last line of a
 * stream alike. Each exception's message is written for clients; extensions carry what machines need.
 */
public final class Problems {

    private Problems() {
    }

    /** The longest text a client chose that a problem's detail quotes back (a URL, a header, a parameter). */
    static final int MAX_QUOTED = 200;

    /**
     * {@code text} cut to {@link #MAX_QUOTED} characters, for details that quote what a client sent or what the
     * web server said of it: a refusal costs little, and never echoes a value at length.
     */
    public static String clip(String text) {
        return text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text;
    }

    /**
     * What Spring Security's firewall refused (a {@code ;}, {@code //} or {@code ..} in the path, a header value
     * outside ISO-8859-1), in its own words, which name the part at fault.
     */
    public static String rejected(org.springframework.security.web.firewall.RequestRejectedException e) {
        return "the request was refused before it reached Jobpool: "
                + clip(e.getMessage() == null ? "its URL or a header is not allowed" : e.getMessage());
    }

    public static ProblemDetail of(ProblemType type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        return problem;
    }

    public static ProblemDetail withErrors(ProblemType type, String detail, List<ArgumentError> errors) {
        ProblemDetail problem = of(type, detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    /** The problem for one of Jobpool's exceptions, or null if it is not one (then it is a bug: 500). */
    public static ProblemDetail of(Throwable e) {
        return switch (e) {
            case InvalidArguments x -> {
                ProblemDetail p = withErrors(ProblemType.INVALID_ARGUMENTS, x.getMessage(), x.errors());
                p.setProperty("task", x.task());
                yield p;
            }
            case InvalidExecutorSpec x -> withErrors(ProblemType.INVALID_REQUEST, x.getMessage(), x.errors());
            case UnknownTask x -> with(of(ProblemType.UNKNOWN_TASK, x.getMessage()), "task", x.task());
            case ExecutorNotFound x -> with(of(ProblemType.EXECUTOR_NOT_FOUND, x.getMessage()), "executor", x.executor());
            case ExecutorExists x -> with(of(ProblemType.EXECUTOR_EXISTS, x.getMessage()), "executor", x.executor());
            case ExecutorLimitReached x -> of(ProblemType.EXECUTOR_LIMIT_REACHED, x.getMessage());
            case ExecutorShutDown x -> with(of(ProblemType.EXECUTOR_SHUT_DOWN, x.getMessage()), "executor", x.executor());
            case dev.jobpool.executor.ExecutorBroken x -> with(of(ProblemType.EXECUTOR_BROKEN, x.getMessage()),
                    "executor", x.executor());
            case QueueFull x -> with(of(ProblemType.QUEUE_FULL, x.getMessage()), "executor", x.executor());
            case QuotaExceeded x -> {
                ProblemDetail p = with(of(ProblemType.QUOTA_EXCEEDED, x.getMessage()), "quota", x.quota());
                yield with(p, "tenant", x.tenant());
            }
            case FutureNotFound x -> with(of(ProblemType.FUTURE_NOT_FOUND, x.getMessage()), "ids", x.ids());
            case FutureGone x -> with(of(ProblemType.FUTURE_GONE, x.getMessage()), "futureId", x.id());
            case FutureNotDone x -> {
                ProblemDetail p = with(of(ProblemType.FUTURE_NOT_DONE, x.getMessage()), "futureId", x.id());
                yield with(p, "state", x.state());
            }
            case TaskRaised x -> {
                ProblemDetail p = with(of(ProblemType.TASK_RAISED, x.getMessage()), "futureId", x.id());
                yield with(p, "exception", x.exception());
            }
            case FutureCancelled x -> with(of(ProblemType.CANCELLED, x.getMessage()), "futureId", x.id());
            case FutureTimedOut x -> x.id() == null ? of(ProblemType.TIMEOUT, x.getMessage())
                    : with(of(ProblemType.TIMEOUT, x.getMessage()), "futureId", x.id());
            case IdempotencyKeyReused x -> with(of(ProblemType.IDEMPOTENCY_KEY_REUSED, x.getMessage()),
                    "futureId", x.futureId());
            case PayloadTooLarge x -> of(ProblemType.PAYLOAD_TOO_LARGE, x.getMessage());
            case dev.jobpool.executor.MapTooLarge x -> of(ProblemType.PAYLOAD_TOO_LARGE, x.getMessage());
            case InvalidRequest x -> withErrors(ProblemType.INVALID_REQUEST, x.getMessage(), x.errors());
            case ProblemDocsController.NoSuchProblemType x -> of(ProblemType.NOT_FOUND, x.getMessage());
            case org.springframework.dao.DataAccessException x -> of(ProblemType.STORE_UNAVAILABLE,
                    "the database that keeps futures did not answer; retry later");
            default -> null;
        };
    }

    /** Seconds after which a retry of a refused request may pass, for Retry-After; 0 when retrying won't help. */
    public static long retryAfterSeconds(Throwable e) {
        return switch (e) {
            case QueueFull x -> 1;
            case QuotaExceeded x -> x.retryAfterSeconds();
            case org.springframework.dao.DataAccessException x -> 2;
            default -> 0;
        };
    }

    private static ProblemDetail with(ProblemDetail problem, String name, Object value) {
        problem.setProperty(name, value);
        return problem;
    }
}
