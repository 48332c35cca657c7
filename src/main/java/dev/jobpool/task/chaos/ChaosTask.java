package dev.jobpool.task.chaos;

import dev.jobpool.task.Task;
import dev.jobpool.task.TaskContext;
import dev.jobpool.task.TaskFailure;

/** What the chaos tasks share: they are test-only, and the harmful ones run only where they harm nobody. */
abstract class ChaosTask<A extends Record> implements Task<A> {

    private final String name;
    private final String description;
    private final Class<A> argumentsType;

    ChaosTask(String name, String description, Class<A> argumentsType) {
        this.name = name;
        this.description = "Test only: " + description;
        this.argumentsType = argumentsType;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Class<A> argumentsType() {
        return argumentsType;
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
