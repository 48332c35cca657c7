package dev.jobpool.task;

/**
 * A task whose name, description and arguments type are given once, to its constructor; subclasses write only
 * {@link #run}. Optional: implementing {@link Task} directly works as well.
 */
public abstract class DescribedTask<A extends Record> implements Task<A> {

    private final String name;
    private final String description;
    private final Class<A> argumentsType;

    protected DescribedTask(String name, String description, Class<A> argumentsType) {
        this.name = name;
        this.description = description;
        this.argumentsType = argumentsType;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Class<A> argumentsType() {
        return argumentsType;
    }
}
