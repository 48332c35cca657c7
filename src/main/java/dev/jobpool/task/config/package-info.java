/**
 * The task feature's Spring wiring: the catalog with each task's settings from {@code jobpool.tasks.*}. Kept
 * apart from {@code dev.jobpool.task}, which worker JVMs load and which must not need Spring.
 */
package dev.jobpool.task.config;
