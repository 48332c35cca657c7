package dev.jobpool.task.chaos;

import dev.jobpool.task.DescribedTask;
import dev.jobpool.task.TaskContext;
import dev.jobpool.task.TaskFailure;

/** What the chaos tasks share: they are test-only, and the harmful ones run only where they harm nobody. */
abstract class ChaosTask<A extends Record> extends DescribedTask<A> {

    ChaosTask(String name, String description, Class<A> argumentsType) {
        super(name, "Test only: " + description, argumentsType);
    }

    @Override
    public boolean testOnly() {
        return true;
    }

    static void requireIsolation(TaskContext context, String name) {
        if (!context.isolated()) {
            throw new TaskFailure("RuntimeError", name + " runs only on a process executor: here it would harm"
                    + " the service itself");
        }
    }
}
