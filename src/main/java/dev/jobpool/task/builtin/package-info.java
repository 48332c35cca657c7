/**
 * The tasks every Jobpool offers; docs, tests and benchmarks name them. Plain Java, loaded by
 * {@link java.util.ServiceLoader} like any other task.
 */
package dev.jobpool.task.builtin;
