/**
 * The task SPI and the catalog of registered tasks.
 *
 * <p>Clients never send code: they name a {@link dev.jobpool.task.Task} that is registered here through
 * {@link java.util.ServiceLoader}. Everything in this package is plain Java with Jackson and Jakarta Validation,
 * no Spring, so that the same tasks load inside a worker JVM ({@code config} and {@code web} are the Spring
 * side; ArchitectureTest keeps it so).
 */
package dev.jobpool.task;
