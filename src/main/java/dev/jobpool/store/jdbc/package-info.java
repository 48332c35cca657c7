/**
 * The PostgreSQL adapter of the future store ({@code jobpool.store=postgres}): SQL through Spring's
 * {@code JdbcClient}, schema by Flyway ({@code db/migration}). Multi-instance claiming builds on this.
 */
package dev.jobpool.store.jdbc;
