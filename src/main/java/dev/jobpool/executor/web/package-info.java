/**
 * The Spring side of executors: {@code /api/v1/executors} (create, list, inspect, shutdown, submit, map), its
 * request and response records, and the wiring of the registry from {@code jobpool.executors.*}.
 */
package dev.jobpool.executor.web;
