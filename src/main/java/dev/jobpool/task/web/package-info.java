/** The HTTP adapter of tasks: {@code GET /api/v1/tasks}. */
package dev.jobpool.task.web;
