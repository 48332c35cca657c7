package dev.jobpool.processpool.worker;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Entry point of a worker JVM. Takes stdout for protocol frames and gives {@code System.out} to stderr first,
 * so that nothing a task prints can corrupt the channel.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) {
        OutputStream frames = new java.io.BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        int status = new Worker(System.in, frames).run();
        System.exit(status);
    }
}
