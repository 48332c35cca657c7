package dev.jobpool.task;

import java.util.List;

/**
 * A named piece of registered Java code that clients may run, Python's {@code fn} in {@code submit(fn, *args)}.
 *
 * <p>Implementations are discovered with {@link java.util.ServiceLoader} (list them in
 * {@code META-INF/services/dev.jobpool.task.Task}), need a public no-argument constructor and must be
 * thread-safe: one instance runs many calls at once. Arguments are a record whose components are the
 * parameters in declared order; annotate them with {@link Arg} and Jakarta Validation constraints.
 *
 * @param <A> the arguments record
 */
public interface Task<A extends Record> {

    /** The name clients submit, e.g. {@code sum-of-squares}; lower case words joined by dashes. */
    String name();

    /** One sentence for the task list. */
    String description();

    /** The record that arguments bind to. */
    Class<A> argumentsType();

    /**
     * Runs one call. The return value must be JSON-serialisable; a thrown exception becomes the future's
     * exception (throw {@link TaskFailure} to choose its type name).
     */
    Object run(A args, TaskContext context) throws Exception;

    /**
     * True for tasks that exist to test Jobpool itself (crashing workers and such): they are offered only when
     * {@code jobpool.tasks.test-tasks-enabled} is true, which it is not by default.
     */
    default boolean testOnly() {
        return false;
    }

    /**
     * True for tasks that can safely run twice (pure functions): with a durable store, a call of such a task
     * that was running on a lost instance runs again (up to 3 times) unless the submit said otherwise.
     */
    default boolean idempotent() {
        return false;
    }

    /** Receives this task's settings once, after loading and before any call. */
    default void configure(TaskSettings settings) {
    }

    /**
     * Checks arguments beyond their declared types and constraints, e.g. against settings. Problems found
     * here refuse the submission with a 400, before anything is queued.
     */
    default List<ArgumentError> check(A args) {
        return List.of();
    }
}
