package dev.jobpool.task.chaos;

import dev.jobpool.task.Arg;
import dev.jobpool.task.TaskContext;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The chaos tasks, one small class each. */
public final class ChaosTasks {

    private ChaosTasks() {
    }

    public record NoArgs() {
    }

    /** {@code chaos-exit(code=1)}: ends the worker JVM at once, as a crashing native library or System.exit would. */
    public static final class Exit extends ChaosTask<Exit.Args> {
        public record Args(@Arg(description = "exit status", optional = true) Integer code) {
        }

        public Exit() {
            super("chaos-exit", "halts the worker JVM with the given exit status (default 1).", Args.class);
        }

        @Override
        public Object run(Args args, TaskContext context) {
            requireIsolation(context, name());
            Runtime.getRuntime().halt(args.code() == null ? 1 : args.code());
            return null;
        }
    }

    /** {@code chaos-oom()}: allocates until the heap is exhausted. */
    public static final class OutOfMemory extends ChaosTask<NoArgs> {
        public OutOfMemory() {
            super("chaos-oom", "allocates memory until the worker runs out of heap.", NoArgs.class);
        }

        @Override
        public Object run(NoArgs args, TaskContext context) {
            requireIsolation(context, name());
            List<long[]> hoard = new ArrayList<>();
            while (true) {
                hoard.add(new long[1 << 20]);
            }
        }
    }

    /** {@code chaos-spin()}: busy-loops forever and ignores interrupts and cancellation. */
    public static final class Spin extends ChaosTask<NoArgs> {
        public Spin() {
            super("chaos-spin", "spins forever, ignoring interrupts; only killing its worker stops it.", NoArgs.class);
        }

        @Override
        public Object run(NoArgs args, TaskContext context) {
            requireIsolation(context, name());
            long spins = 0;
            while (spins >= 0) {
                spins++;
                Thread.interrupted(); // ignore interrupts on purpose
                Thread.onSpinWait();
            }
            return spins;
        }
    }

    /** {@code chaos-garbage()}: writes bytes that are no protocol frame to the worker's real stdout. */
    public static final class Garbage extends ChaosTask<NoArgs> {
        public Garbage() {
            super("chaos-garbage", "writes garbage to the worker's protocol channel (its real stdout).", NoArgs.class);
        }

        @Override
        public Object run(NoArgs args, TaskContext context) throws IOException, InterruptedException {
            requireIsolation(context, name());
            FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
            stdout.write("this is not a frame\n".repeat(4).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            stdout.flush();
            Thread.sleep(10_000); // the parent kills the worker long before
            return null;
        }
    }

    /** {@code chaos-stray-frame()}: sends a well-formed frame that answers a call nobody made. */
    public static final class StrayFrame extends ChaosTask<NoArgs> {
        public StrayFrame() {
            super("chaos-stray-frame", "sends a well-formed 'returned' frame for a call id the parent never sent.",
                    NoArgs.class);
        }

        @Override
        public Object run(NoArgs args, TaskContext context) throws IOException, InterruptedException {
            requireIsolation(context, name());
            byte[] frame = "{\"type\":\"returned\",\"id\":\"no-such-call\",\"value\":1}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
            stdout.write(java.nio.ByteBuffer.allocate(4 + frame.length).putInt(frame.length).put(frame).array());
            stdout.flush();
            Thread.sleep(10_000); // the parent kills the worker long before
            return null;
        }
    }

    /** {@code chaos-print(text)}: prints to System.out, which must not disturb the protocol, then returns text. */
    public static final class Print extends ChaosTask<Print.Args> {
        public record Args(@Arg(description = "what to print and return") String text) {
        }

        public Print() {
            super("chaos-print", "prints text to System.out a few times, then returns it.", Args.class);
        }

        @Override
        public Object run(Args args, TaskContext context) {
            for (int i = 0; i < 3; i++) {
                System.out.println(args.text());
            }
            return args.text();
        }
    }

    /** {@code chaos-big(mebibytes)}: returns a string that long, for what carries results to be tried with. */
    public static final class Big extends ChaosTask<Big.Args> {
        public record Args(@Arg(description = "the result's length in MiB, 1 to 64") int mebibytes) {
        }

        public Big() {
            super("chaos-big", "returns a string of the given number of MiB.", Args.class);
        }

        @Override
        public Object run(Args args, TaskContext context) {
            requireIsolation(context, name());
            if (args.mebibytes() < 1 || args.mebibytes() > 64) {
                throw new dev.jobpool.task.TaskFailure("ValueError", "mebibytes must be 1 to 64");
            }
            return "x".repeat(args.mebibytes() << 20);
        }
    }
}
