package dev.jobpool.task.builtin;

import dev.jobpool.task.Arg;
import dev.jobpool.task.Task;
import dev.jobpool.task.TaskContext;

/** {@code echo(value)}: returns its argument; the trivial task that overhead is measured with. */
public final class EchoTask implements Task<EchoTask.Args> {

    public record Args(@Arg(description = "any JSON value") Object value) {
    }

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String description() {
        return "Returns value unchanged.";
    }

    @Override
    public Class<Args> argumentsType() {
        return Args.class;
    }

    @Override
    public boolean idempotent() {
        return true; // a pure function: running it again is harmless
    }

    @Override
    public Object run(Args args, TaskContext context) {
        return args.value();
    }
}
