package dev.jobpool.executor;

import com.fasterxml.jackson.annotation.JsonValue;

/** How an executor runs calls. */
public enum ExecutorKind {
    /** Threads of the service's own JVM: cheapest, for I/O-bound and trusted CPU-bound tasks. */
    THREAD,
    /** Worker JVMs of their own: isolation (crashes, leaks, exits stay there) and hard limits (kill, heap cap). */
    PROCESS;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
