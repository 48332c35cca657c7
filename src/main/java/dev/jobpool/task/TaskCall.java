package dev.jobpool.task;

/** A task with arguments bound and checked: ready to run, in this JVM or (later) a worker's. */
public record TaskCall<A extends Record>(Task<A> task, A args) {

    public Object run(TaskContext context) throws Exception {
        return task.run(args, context);
    }
}
