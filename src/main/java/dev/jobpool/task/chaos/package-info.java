/**
 * Test-only tasks that misbehave on purpose (exit the JVM, exhaust memory, spin, corrupt stdout), so that
 * tests can show a process executor contains them. Offered only with {@code jobpool.tasks.test-tasks-enabled};
 * all but {@code chaos-print} refuse to run outside a worker JVM.
 */
package dev.jobpool.task.chaos;
