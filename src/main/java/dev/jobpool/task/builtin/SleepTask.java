package dev.jobpool.task.builtin;

import dev.jobpool.task.Arg;
import dev.jobpool.task.DescribedTask;
import dev.jobpool.task.TaskContext;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

/** {@code sleep(seconds, result=None)}: waits, then returns {@code result}; stands in for I/O such as a download. */
public final class SleepTask extends DescribedTask<SleepTask.Args> {

    /** Progress is published at most this often, so that long sleeps show movement without busy work. */
    private static final long SLICE_NANOS = 250_000_000L;

    public record Args(
            @Arg(description = "how long to wait, in seconds") @DecimalMin("0") @DecimalMax("86400") double seconds,
            @Arg(description = "what to return when done", optional = true) Object result) {
    }

    public SleepTask() {
        super("sleep", "Waits for the given number of seconds, then returns result (default null); interruptible.",
                Args.class);
    }

    @Override
    public Object run(Args args, TaskContext context) throws InterruptedException {
        long total = Math.round(args.seconds() * 1e9);
        long deadline = System.nanoTime() + total;
        for (long left = total; left > 0; left = deadline - System.nanoTime()) {
            long slice = Math.min(left, SLICE_NANOS);
            Thread.sleep(slice / 1_000_000, (int) (slice % 1_000_000));
            if (total > SLICE_NANOS) {
                context.reportProgress(Math.min(1.0, 1.0 - (double) (deadline - System.nanoTime()) / total), null);
            }
        }
        return args.result();
    }
}
