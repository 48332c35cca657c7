/**
 * Process executors: each pool thread of a {@code kind: process} executor drives one worker JVM
 * ({@link dev.jobpool.processpool.WorkerProcess}) through the protocol in {@code protocol/}; the
 * {@link dev.jobpool.processpool.ProcessRunner} starts, supervises, recycles and replaces workers and turns a
 * dead worker into a failed future rather than a broken pool. {@code worker/} is what runs inside a worker.
 *
 * <pre>
 *  HTTP ─▶ PoolExecutor ─▶ pool thread 1 ── ProcessRunner ─▶ WorkerProcess ══ stdin/stdout frames ══▶ worker JVM 1
 *          (queue, room,    pool thread 2 ── ProcessRunner ─▶ WorkerProcess ══ stdin/stdout frames ══▶ worker JVM 2
 *           cancel, timeouts)                      ▲ pings every worker; kills the silent ones
 * </pre>
 */
package dev.jobpool.processpool;
