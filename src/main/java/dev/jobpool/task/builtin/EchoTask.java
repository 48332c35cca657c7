package dev.jobpool.task.builtin;

import dev.jobpool.task.Arg;
import dev.jobpool.task.DescribedTask;
import dev.jobpool.task.TaskContext;

/** {@code echo(value)}: returns its argument; the trivial task that overhead is measured with. */
public final class EchoTask extends DescribedTask<EchoTask.Args> {

    public record Args(@Arg(description = "any JSON value") Object value) {
    }

    public EchoTask() {
        super("echo", "Returns value unchanged.", Args.class);
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
