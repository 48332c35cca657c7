/**
 * {@code jobpool.store=postgres}: every port in PostgreSQL ({@code JdbcClient}, schema by Flyway in
 * {@code db/migration}). {@code JdbcFutureStore} keeps futures, {@code JdbcCallQueue} is the queue all
 * instances share, {@code Cluster} runs this instance's claimer, listener, heartbeats and janitor. No type here
 * is used outside {@code store} (ArchitectureTest).
 */
package dev.jobpool.store.jdbc;
