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
        String type = thrown instanceof TaskFailure failure ? failure.type() : pythonType(thrown);
        return new RaisedException(type, thrown.getMessage(), traceback(type, thrown, taskClass.getName()));
    }

    /**
     * The Python built-in exception a JDK exception corresponds to, so that clients see {@code ValueError} or
     * {@code OSError}, as Python code would raise, and never a Java class name. An exception class of the task's
     * own (outside {@code java.}) keeps its simple name: that is the task's vocabulary, not the platform's.
     */
    static String pythonType(Throwable thrown) {
        return switch (thrown) {
            case CancellationException e -> "CancelledError";
            case java.net.http.HttpTimeoutException e -> "TimeoutError";
            case java.net.SocketTimeoutException e -> "TimeoutError";
            case java.util.concurrent.TimeoutException e -> "TimeoutError";
            case java.net.ConnectException e -> "ConnectionRefusedError";
            case java.net.UnknownHostException e -> "OSError";
            case java.io.FileNotFoundException e -> "FileNotFoundError";
            case java.io.IOException e -> "OSError";
            case java.io.UncheckedIOException e -> "OSError";
            case ArithmeticException e -> "/ by zero".equals(e.getMessage()) ? "ZeroDivisionError" : "ArithmeticError";
            case IndexOutOfBoundsException e -> "IndexError";
            case java.util.NoSuchElementException e -> "LookupError";
            case ClassCastException e -> "TypeError";
            case NullPointerException e -> "TypeError";
            case UnsupportedOperationException e -> "NotImplementedError";
            case IllegalArgumentException e -> "ValueError"; // NumberFormatException and URI errors too
            case InterruptedException e -> "InterruptedError";
            case OutOfMemoryError e -> "MemoryError";
            case StackOverflowError e -> "RecursionError";
            default -> thrown.getClass().getName().startsWith("java") ? "RuntimeError"
                    : thrown.getClass().getSimpleName();
        };
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
