package dev.jobpool.store;

/**
 * Where futures, Idempotency-Keys and API-created executors are kept, and where calls wait:
 * {@code jobpool.store}, read once at start.
 */
public enum StoreKind {
    /** The default: nothing to install, nothing survives a restart, one instance. */
    MEMORY,
    /** PostgreSQL ({@code spring.datasource.*}): durable, and several instances share one database. */
    POSTGRES;

    /** The property, spelled once; its values are these constants in lower case. */
    public static final String PROPERTY = "jobpool.store";
}
