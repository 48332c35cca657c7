package dev.jobpool.task;

/**
 * A task with arguments bound and checked: ready to run, in this JVM or (later) a worker's.
 *
 * @param argumentBytes about how much heap its arguments hold ({@link JsonSize} of the JSON they were bound
 *                      from), for the bound on what calls waiting to run may hold; 0 for a call made in code
 */
public record TaskCall<A extends Record>(Task<A> task, A args, long argumentBytes) {

    public TaskCall(Task<A> task, A args) {
        this(task, args, 0);
    }

    public Object run(TaskContext context) throws Exception {
        return task.run(args, context);
    }
}
