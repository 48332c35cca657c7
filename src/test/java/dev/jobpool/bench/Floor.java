package dev.jobpool.bench;

import dev.jobpool.task.TaskContext;
import dev.jobpool.task.builtin.EchoTask;
import dev.jobpool.task.builtin.SleepTask;
import dev.jobpool.task.builtin.SumOfSquaresTask;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The floor: the same task classes Jobpool runs, on a plain {@link ThreadPoolExecutor} in this process — no
 * HTTP, no JSON, no store. What Jobpool adds is its figure divided by this one, measured in the same run.
 */
final class Floor {

    private static final TaskContext CONTEXT = new TaskContext() {
        @Override
        public boolean isCancelled() {
            return Thread.currentThread().isInterrupted();
        }

        @Override
        public void reportProgress(double fraction, String message) {
        }
    };

    private static final EchoTask ECHO = new EchoTask();
    private static final SleepTask SLEEP = new SleepTask();
    private static final SumOfSquaresTask SUM_OF_SQUARES = new SumOfSquaresTask();

    private Floor() {
    }

    static Callable<Object> echo(Object value) {
        return () -> ECHO.run(new EchoTask.Args(value), CONTEXT);
    }

    static Callable<Object> sleep(double seconds, Object result) {
        return () -> SLEEP.run(new SleepTask.Args(seconds, result), CONTEXT);
    }

    static Callable<Object> sumOfSquares(long n) {
        return () -> SUM_OF_SQUARES.run(new SumOfSquaresTask.Args(n), CONTEXT);
    }

    /** A pool as Python's ThreadPoolExecutor(max_workers) would be. */
    static ThreadPoolExecutor pool(int workers) {
        return new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    }

    /** {@code executor.map}: submit all, then take the results in input order. */
    static List<Object> map(ThreadPoolExecutor pool, List<Callable<Object>> calls) throws Exception {
        List<Future<Object>> futures = new ArrayList<>(calls.size());
        for (Callable<Object> call : calls) {
            futures.add(pool.submit(call));
        }
        List<Object> results = new ArrayList<>(calls.size());
        for (Future<Object> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    /** {@code as_completed}: submit all, then take the results in the order they finish. */
    static List<Object> asCompleted(ThreadPoolExecutor pool, List<Callable<Object>> calls) throws Exception {
        ExecutorCompletionService<Object> completion = new ExecutorCompletionService<>(pool);
        calls.forEach(completion::submit);
        List<Object> results = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            results.add(completion.take().get());
        }
        return results;
    }
}
