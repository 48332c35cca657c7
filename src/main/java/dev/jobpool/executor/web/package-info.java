/**
 * The HTTP adapter of executors: {@code /api/v1/executors} (create, list, inspect, shutdown, submit, map) and its
 * request and response records.
 */
package dev.jobpool.executor.web;
