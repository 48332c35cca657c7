package dev.jobpool.future;

import dev.jobpool.task.TaskFailure;

import java.util.concurrent.CancellationException;

/**
 * What a task raised, as data: the exception's type name, its message and the task's part of the stack.
 * Frames below the task (the executor's own) are cut off: they say nothing about the task and everything about
 * the service's internals.
 */
public record RaisedException(String type, String message, String traceback) {

    public static RaisedException of(Throwable thrown, Class<?> taskClass) {
        String type = thrown instanceof TaskFailure failure ? failure.type()
                : thrown instanceof CancellationException ? "CancelledError"
                : thrown.getClass().getSimpleName();
        return new RaisedException(type, thrown.getMessage(), traceback(type, thrown, taskClass.getName()));
    }

    private static String traceback(String type, Throwable thrown, String taskClass) {
        StackTraceElement[] frames = thrown.getStackTrace();
        int last = -1;
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].getClassName().startsWith(taskClass)) {
                last = i;
            }
        }
        StringBuilder text = new StringBuilder(type);
        if (thrown.getMessage() != null) {
            text.append(": ").append(thrown.getMessage());
        }
        for (int i = 0; i <= last; i++) {
            text.append("\n\tat ").append(frames[i]);
        }
        return text.toString();
    }
}
