package dev.jobpool.task.builtin;

import dev.jobpool.task.Arg;
import dev.jobpool.task.DescribedTask;
import dev.jobpool.task.TaskContext;
import dev.jobpool.task.TaskFailure;

/** {@code divide(n)}: {@code 100 / n}, raising {@code ValueError("Can't process zero!")} for zero (the seed's risky task). */
public final class DivideTask extends DescribedTask<DivideTask.Args> {

    public record Args(@Arg(description = "the divisor of 100") double n) {
    }

    public DivideTask() {
        super("divide", "Returns 100 / n as a float; raises ValueError(\"Can't process zero!\") when n is 0.",
                Args.class);
    }

    @Override
    public boolean idempotent() {
        return true; // a pure function: running it again is harmless
    }

    @Override
    public Object run(Args args, TaskContext context) {
        if (args.n() == 0) {
            throw new TaskFailure("ValueError", "Can't process zero!");
        }
        return 100 / args.n();
    }
}
