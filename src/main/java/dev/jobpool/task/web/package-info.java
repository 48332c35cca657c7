/** The Spring side of tasks: {@code GET /api/v1/tasks} and the catalog's wiring to {@code jobpool.tasks.*}. */
package dev.jobpool.task.web;
