package dev.jobpool.task.builtin;

import dev.jobpool.task.Arg;
import dev.jobpool.task.DescribedTask;
import dev.jobpool.task.TaskContext;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.PositiveOrZero;

import java.math.BigInteger;
import java.util.concurrent.CancellationException;

/**
 * {@code sum-of-squares(n)}: Python's {@code sum(i * i for i in range(n))}, exactly. It iterates on purpose:
 * it is the CPU-bound demo, and a closed formula would measure nothing.
 *
 * <p>Each square fits a {@code long} while {@code i < 3,037,000,500}; the running sum does not (n = 10M already
 * overflows), so it is kept as an unsigned 128-bit pair, which holds any sum up to the maximum n.
 */
public final class SumOfSquaresTask extends DescribedTask<SumOfSquaresTask.Args> {

    private static final long CHECK_EVERY = 1 << 22;

    public record Args(@Arg(description = "how many squares to add: 0² + 1² + … + (n-1)²")
                       @PositiveOrZero @Max(3_000_000_000L) long n) {
    }

    public SumOfSquaresTask() {
        super("sum-of-squares", "Returns sum(i * i for i in range(n)) as an exact integer, computed by iterating"
                + " (CPU-bound).", Args.class);
    }

    @Override
    public boolean idempotent() {
        return true; // a pure function: running it again is harmless
    }

    @Override
    public Object run(Args args, TaskContext context) {
        long n = args.n();
        long high = 0;
        long low = 0;
        for (long start = 0; start < n; start += CHECK_EVERY) {
            long end = Math.min(n, start + CHECK_EVERY);
            for (long i = start; i < end; i++) {
                long square = i * i;
                low += square;
                if (Long.compareUnsigned(low, square) < 0) {
                    high++;
                }
            }
            if (context.isCancelled()) {
                throw new CancellationException("sum-of-squares stopped at i = " + end);
            }
            context.reportProgress((double) end / n, null);
        }
        return BigInteger.valueOf(high).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low)));
    }
}
