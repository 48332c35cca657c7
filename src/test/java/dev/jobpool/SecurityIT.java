package dev.jobpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.TestKeys;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call what, over real HTTP: API keys and JWTs from a real JWKS endpoint, every endpoint against every
 * kind of caller, and tenants that never see each other's futures. The keys here are test strings, not secrets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityIT {

    private static final String ISSUER = "https://issuer.test";
    private static final RSAKey SIGNING_KEY = generate();
    private static final RSAKey OTHER_KEY = generate();
    private static final HttpServer JWKS = jwks();

    @LocalServerPort
    int port;

    private Api anonymous;
    private Map<String, Api> callers;
    private static String aliceFuture;

    @DynamicPropertySource
    static void credentials(DynamicPropertyRegistry registry) {
        key(registry, "alice", "test-key-alice", "alice", "submit", null);
        key(registry, "alice-reader", "test-key-alice-reader", "alice", "read", null);
        key(registry, "bob", "test-key-bob", "bob", "submit", null);
        key(registry, "admin", "test-key-admin", "ops", "admin", null);
        key(registry, "monitor", "test-key-monitor", "ops", "monitor", null);
        key(registry, "limited", "test-key-limited", "limited", "submit", "processes");
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks");
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER);
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> "jobpool");
    }

    private static void key(DynamicPropertyRegistry registry, String client, String key, String tenant, String scope,
                            String executor) {
        TestKeys.register(registry, client, key, tenant, scope, executor);
    }

    @BeforeEach
    void connect() {
        anonymous = new Api(port);
        callers = Map.of("alice", anonymous.as("test-key-alice"), "alice-reader", anonymous.as("test-key-alice-reader"),
                "bob", anonymous.as("test-key-bob"), "admin", anonymous.as("test-key-admin"),
                "monitor", anonymous.as("test-key-monitor"));
        if (aliceFuture == null) {
            aliceFuture = callers.get("alice").submit("default", "echo", "alice's secret");
            assertThat(callers.get("alice").get("/api/v1/futures/" + aliceFuture + "/result?timeout=10").status())
                    .isEqualTo(200);
        }
    }

    @AfterAll
    static void stopJwks() {
        JWKS.stop(0);
    }

    /** endpoint, then the status for: anonymous, alice (submit), alice-reader (read), bob (other tenant), admin, monitor. */
    static Stream<Arguments> everyEndpointForEveryCaller() {
        String future = "{future}";
        return Stream.of(
                row("GET /api/v1/tasks", 401, 200, 200, 200, 200, 403),
                row("GET /api/v1/executors", 401, 200, 200, 200, 200, 403),
                row("GET /api/v1/executors/default", 401, 200, 200, 200, 200, 403),
                row("POST /api/v1/executors {\"name\":\"x-{uuid}\"}", 401, 403, 403, 403, 201, 403),
                row("DELETE /api/v1/executors/no-such-executor", 401, 403, 403, 403, 404, 403),
                row("POST /api/v1/executors/default/futures {\"task\":\"echo\",\"args\":[1]}", 401, 202, 403, 202, 202, 403),
                row("POST /api/v1/executors/default/map {\"task\":\"echo\",\"iterables\":[[1,2]]}", 401, 202, 403, 202, 202, 403),
                row("GET /api/v1/futures", 401, 200, 200, 200, 200, 403),
                row("GET /api/v1/futures/" + future, 401, 200, 200, 404, 200, 403),
                row("GET /api/v1/futures/" + future + "/result", 401, 200, 200, 404, 200, 403),
                row("GET /api/v1/futures/" + future + "/exception", 401, 200, 200, 404, 200, 403),
                row("POST /api/v1/futures/wait {\"ids\":[\"" + future + "\"]}", 401, 200, 200, 404, 200, 403),
                row("POST /api/v1/futures/as-completed {\"ids\":[\"" + future + "\"]}", 401, 200, 200, 404, 200, 403),
                row("POST /api/v1/futures/" + future + "/cancel", 401, 200, 403, 404, 200, 403),
                row("DELETE /api/v1/futures/" + UUID.randomUUID(), 401, 404, 403, 404, 404, 403),
                row("GET /actuator/prometheus", 401, 403, 403, 403, 403, 200),
                row("GET /actuator/info", 401, 403, 403, 403, 403, 200),
                row("GET /actuator/health", 401, 403, 403, 403, 403, 200),
                row("GET /actuator/health/liveness", 200, 200, 200, 200, 200, 200),
                row("GET /actuator/health/readiness", 200, 200, 200, 200, 200, 200),
                row("GET /v3/api-docs", 200, 200, 200, 200, 200, 200),
                row("GET /problems/unauthenticated", 200, 200, 200, 200, 200, 200));
    }

    private static Arguments row(String request, int... statuses) {
        return Arguments.of(request, statuses);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void everyEndpointForEveryCaller(String request, int[] statuses) {
        List<String> order = List.of("anonymous", "alice", "alice-reader", "bob", "admin", "monitor");
        for (int i = 0; i < order.size(); i++) {
            String who = order.get(i);
            Api api = who.equals("anonymous") ? anonymous : callers.get(who);
            Api.Answer answer = send(api, request.replace("{future}", aliceFuture)
                    .replace("{uuid}", UUID.randomUUID().toString().substring(0, 8)));
            assertThat(answer.status()).as("%s as %s: %s", request, who, answer.raw().body()).isEqualTo(statuses[i]);
            if (answer.status() == 401) {
                assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
                assertThat(answer.problem()).isEqualTo("unauthenticated");
            }
            if (answer.status() == 403) {
                assertThat(answer.problem()).isEqualTo("forbidden");
            }
            if (who.equals("bob") && answer.status() == 404) {
                assertThat(answer.problem()).as("another tenant's future is as unknown as one that never was")
                        .isEqualTo("future-not-found");
            }
        }
    }

    private static Api.Answer send(Api api, String request) {
        String[] parts = request.split(" ", 3);
        return switch (parts[0]) {
            case "GET" -> api.get(parts[1]);
            case "DELETE" -> api.delete(parts[1]);
            default -> api.postRaw(parts[1], "application/json", parts.length > 2 ? parts[2] : "");
        };
    }

    @Test
    void aWrongKeyIsUnauthenticatedAndSaysNothingMore() {
        for (String token : List.of("test-key-nobody", "", "a.b.c", "test-key-alicE", "test-key-alice-")) {
            Api.Answer answer = anonymous.as(token).get("/api/v1/futures/" + aliceFuture);
            assertThat(answer.status()).as("token '%s'", token).isEqualTo(401);
            assertThat(answer.raw().body()).doesNotContain("alice's secret");
        }
    }

    @Test
    void tenantsListOnlyTheirOwnFuturesAndAnAdminSeesAllOrOneTenant() {
        String bobs = callers.get("bob").submit("default", "echo", "bob's");
        assertThat(ids(callers.get("bob").get("/api/v1/futures?size=1000").body())).contains(bobs)
                .doesNotContain(aliceFuture);
        assertThat(ids(callers.get("alice-reader").get("/api/v1/futures?size=1000").body())).contains(aliceFuture)
                .doesNotContain(bobs);
        assertThat(ids(callers.get("bob").get("/api/v1/futures?tenant=alice&size=1000").body()))
                .as("only administrators choose the tenant").doesNotContain(aliceFuture);
        assertThat(ids(callers.get("admin").get("/api/v1/futures?size=1000").body())).contains(aliceFuture, bobs);
        assertThat(ids(callers.get("admin").get("/api/v1/futures?tenant=alice&size=1000").body()))
                .contains(aliceFuture).doesNotContain(bobs);
        Api.Answer mixed = callers.get("bob").post("/api/v1/futures/wait", Map.of("ids", List.of(bobs, aliceFuture)));
        assertThat(mixed.status()).isEqualTo(404);
        assertThat(mixed.body().get("ids").toString()).contains(aliceFuture).doesNotContain(bobs);
    }

    @Test
    void aDeletedFutureIsGoneForItsTenantAndUnknownForOthers() {
        Api alice = callers.get("alice");
        String id = alice.submit("default", "echo", "short-lived");
        assertThat(alice.get("/api/v1/futures/" + id + "/result?timeout=10").status()).isEqualTo(200);
        assertThat(alice.delete("/api/v1/futures/" + id).status()).isEqualTo(204);

        assertThat(alice.get("/api/v1/futures/" + id).problem()).isEqualTo("future-gone");
        assertThat(callers.get("bob").get("/api/v1/futures/" + id).problem()).isEqualTo("future-not-found");
        assertThat(callers.get("admin").get("/api/v1/futures/" + id).problem()).isEqualTo("future-gone");
    }

    @Test
    void onlyAnAdministratorReadsAWorkersCrashReport() {
        Api admin = callers.get("admin");
        String name = "crashes-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.post("/api/v1/executors", Map.of("name", name, "kind", "process", "maxWorkers", 1)).status())
                .isEqualTo(201);
        String printed = admin.submit(name, "chaos-print", "printed-by-a-task");
        assertThat(admin.get("/api/v1/futures/" + printed + "/result?timeout=60").status()).isEqualTo(200);
        String crash = admin.submit(name, "chaos-exit", 4);
        assertThat(admin.get("/api/v1/futures/" + crash + "/result?timeout=60").problem()).isEqualTo("task-raised");

        assertThat(admin.get("/api/v1/executors/" + name).body().get("processes").get("lastCrash").asString())
                .contains("printed-by-a-task");
        assertThat(callers.get("alice").get("/api/v1/executors/" + name).body().get("processes").get("lastCrash")
                .isNull()).isTrue();
        assertThat(callers.get("alice").get("/api/v1/executors").raw().body()).doesNotContain("printed-by-a-task");
        assertThat(callers.get("monitor").get("/actuator/health").raw().body()).doesNotContain("printed-by-a-task");
        admin.delete("/api/v1/executors/" + name + "?killWorkers=true");
    }

    @Test
    void theOpenApiDescriptionDeclaresBothSchemesAndEachOperationsScope() {
        JsonNode spec = anonymous.get("/v3/api-docs").body();
        assertThat(spec.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
        assertThat(spec.at("/components/securitySchemes/oauth2/openIdConnectUrl").asString())
                .isEqualTo(ISSUER + "/.well-known/openid-configuration");
        assertThat(spec.at("/paths/~1api~1v1~1executors~1{name}~1futures/post/security").toString())
                .contains("jobpool:submit").contains("bearer").contains("oauth2");
        assertThat(spec.at("/paths/~1api~1v1~1executors/post/security").toString()).contains("jobpool:admin");
        assertThat(spec.at("/paths/~1api~1v1~1futures~1{id}/get/security").toString()).contains("jobpool:read");
    }

    @Test
    void idempotencyKeysBelongToTheirTenant() {
        Map<String, Object> request = Map.of("task", "echo", "args", List.of("same"));
        Api.Answer alice = callers.get("alice").post("/api/v1/executors/default/futures", request, "application/json",
                "Idempotency-Key", "shared-key");
        Api.Answer bob = callers.get("bob").post("/api/v1/executors/default/futures", request, "application/json",
                "Idempotency-Key", "shared-key");
        assertThat(bob.header("Idempotent-Replayed")).isEqualTo("false");
        assertThat(bob.body().get("id")).isNotEqualTo(alice.body().get("id"));
        assertThat(bob.body().get("tenant").asString()).isEqualTo("bob");
    }

    @Test
    void aKeyRestrictedToSomeExecutorsMaySubmitOnlyThere() {
        Api limited = anonymous.as("test-key-limited");
        assertThat(limited.post("/api/v1/executors/default/futures", Map.of("task", "echo", "args", List.of(1)))
                .status()).isEqualTo(403);
        assertThat(limited.post("/api/v1/executors/processes/futures", Map.of("task", "echo", "args", List.of(1)))
                .status()).isEqualTo(202);
    }

    @Test
    void jwtsFromTheIssuerAreTrustedWithTheirScopesAndTenant() throws Exception {
        Api carol = anonymous.as(jwt(SIGNING_KEY, ISSUER, "jobpool", "jobpool:submit openid", "carol", "team-c",
                Instant.now().plusSeconds(300)));
        Api.Answer submitted = carol.post("/api/v1/executors/default/futures", Map.of("task", "echo", "args",
                List.of("from a JWT")));
        assertThat(submitted.status()).as(submitted.raw().body()).isEqualTo(202);
        assertThat(submitted.body().get("tenant").asString()).isEqualTo("team-c");
        assertThat(carol.get("/api/v1/futures/" + aliceFuture).status()).isEqualTo(404);

        Api noTenant = anonymous.as(jwt(SIGNING_KEY, ISSUER, "jobpool", "jobpool:read", "dave", null,
                Instant.now().plusSeconds(300)));
        assertThat(noTenant.get("/api/v1/futures").status()).isEqualTo(200);
        assertThat(noTenant.post("/api/v1/executors/default/futures", Map.of("task", "echo", "args", List.of(1)))
                .status()).as("read scope only").isEqualTo(403);
        Api scp = anonymous.as(jwtWithScp(Instant.now().plusSeconds(300)));
        assertThat(scp.post("/api/v1/executors/default/futures", Map.of("task", "echo", "args", List.of(1)))
                .body().get("tenant").asString()).as("no tenant claim: the subject").isEqualTo("erin");
    }

    @Test
    void expiredForeignOrMisaddressedJwtsAreUnauthenticated() throws Exception {
        Instant later = Instant.now().plusSeconds(300);
        Map<String, String> bad = Map.of(
                "expired", jwt(SIGNING_KEY, ISSUER, "jobpool", "jobpool:admin", "mallory", null,
                        Instant.now().minusSeconds(600)),
                "another issuer", jwt(SIGNING_KEY, "https://evil.test", "jobpool", "jobpool:admin", "mallory", null,
                        later),
                "another audience", jwt(SIGNING_KEY, ISSUER, "someone-else", "jobpool:admin", "mallory", null, later),
                "signed by another key", jwt(OTHER_KEY, ISSUER, "jobpool", "jobpool:admin", "mallory", null, later));
        bad.forEach((why, token) -> {
            Api.Answer answer = anonymous.as(token).get("/api/v1/executors");
            assertThat(answer.status()).as(why).isEqualTo(401);
            assertThat(answer.header("WWW-Authenticate")).as(why).contains("invalid_token");
        });
    }

    private static List<String> ids(JsonNode page) {
        return page.get("items").valueStream().map(item -> item.get("id").asString()).toList();
    }

    private static String jwt(RSAKey key, String issuer, String audience, String scope, String subject, String tenant,
                              Instant expires) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject(subject)
                .claim("scope", scope).issueTime(Date.from(expires.minusSeconds(900)))
                .expirationTime(Date.from(expires));
        if (tenant != null) {
            claims.claim("tenant", tenant);
        }
        return sign(key, claims.build());
    }

    private static String jwtWithScp(Instant expires) throws Exception {
        return sign(SIGNING_KEY, new JWTClaimsSet.Builder().issuer(ISSUER).audience("jobpool").subject("erin")
                .claim("scp", List.of("jobpool:submit")).expirationTime(Date.from(expires)).build());
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issuer's key set, served over HTTP as an identity provider serves it. */
    private static HttpServer jwks() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] body = new JWKSet(SIGNING_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
