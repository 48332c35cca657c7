package dev.jobpool.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line per denied request and per administrator's action: who (client, tenant), what, which
 * resource, and how it ended. The fields are key-values, so that JSON logs
 * ({@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}) carry them as fields of their own.
 */
public final class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("dev.jobpool.audit");

    private AuditLog() {
    }

    /** A request refused: 401 (no or a bad credential), 403 (no scope for it) or 400 (the firewall's). */
    static void denied(String client, String tenant, String method, String requested, int status, String why) {
        // the path is the client's, up to Tomcat's 8 KiB header limit: one refusal, one short line
        String path = dev.jobpool.problem.Problems.clip(requested);
        log.atWarn().addKeyValue("audit", "denied").addKeyValue("client", client).addKeyValue("tenant", tenant)
                .addKeyValue("action", method).addKeyValue("resource", path).addKeyValue("outcome", status)
                .log("denied {} {} to {} (tenant {}): {} {}", method, path, client, tenant, status, why);
    }

    /** An administrator's action on something others use: executors, other tenants' futures. */
    public static void adminAction(Caller caller, String action, String resource, String outcome) {
        log.atInfo().addKeyValue("audit", "admin").addKeyValue("client", caller.client())
                .addKeyValue("tenant", caller.tenant()).addKeyValue("action", action)
                .addKeyValue("resource", resource).addKeyValue("outcome", outcome)
                .log("{} (tenant {}) {} {}: {}", caller.client(), caller.tenant(), action, resource, outcome);
    }
}
