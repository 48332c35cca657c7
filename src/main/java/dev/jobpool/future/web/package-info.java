/**
 * The HTTP adapter of futures: {@code /api/v1/futures} (get, result, exception, cancel, delete, wait,
 * as-completed, list) with its request and response records.
 */
package dev.jobpool.future.web;
