/**
 * What operators watch: Micrometer meters per executor ({@link dev.jobpool.monitoring.ExecutorMetrics}, fed by
 * the executors' {@link dev.jobpool.executor.ExecutorEvents} port) and a health contributor per executor
 * ({@link dev.jobpool.monitoring.ExecutorHealth}). Reads executors; never changes them.
 */
package dev.jobpool.monitoring;
