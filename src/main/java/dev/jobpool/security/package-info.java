/**
 * Who may call what: bearer API keys and JWTs through Spring Security's resource server, the scope each path
 * needs (one table, {@code AccessRules}, read by the filter chain and the OpenAPI description), the
 * {@link dev.jobpool.security.Caller} that controllers receive (client, tenant, scopes, executors), protected
 * mode, and the audit log. Controllers check tenants through the caller; nothing below the web layer knows
 * about credentials.
 */
package dev.jobpool.security;
