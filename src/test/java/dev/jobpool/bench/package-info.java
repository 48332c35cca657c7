/**
 * Benchmarks, not tests: {@link dev.jobpool.bench.BenchMain} drives a Jobpool jar over HTTP from this separate
 * process and measures the same workloads on a plain in-process ThreadPoolExecutor ({@link dev.jobpool.bench.Floor})
 * in the same run ({@code bench/run}); {@link dev.jobpool.bench.CoreBenchmarks} are JMH micro-benchmarks of the
 * paths under the HTTP figures ({@code bench/jmh}). Nothing here runs during {@code ./mvnw verify}.
 */
package dev.jobpool.bench;
