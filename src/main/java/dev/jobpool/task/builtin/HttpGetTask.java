package dev.jobpool.task.builtin;

import dev.jobpool.task.Arg;
import dev.jobpool.task.ArgumentError;
import dev.jobpool.task.DescribedTask;
import dev.jobpool.task.TaskContext;
import dev.jobpool.task.TaskFailure;
import dev.jobpool.task.TaskSettings;
import jakarta.validation.constraints.NotBlank;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code http-get(url)}: real outbound I/O. Only hosts and ports named in
 * {@code jobpool.tasks.http-get.allowed-hosts} may be reached (none by default, so a fresh service cannot be
 * turned into an open proxy); every redirect is checked against the same list before it is followed.
 *
 * <p>Settings: {@code allowed-hosts}: {@code example.com} (its scheme's default port only: 80 or 443),
 * {@code example.com:8443} (that port), {@code example.com:*} (any port, on purpose), {@code *.example.com}
 * for subdomains with the same port rules; {@code request-timeout} (default 10s) bounds the whole call,
 * redirects and body included; {@code max-body-size} in bytes (default 1048576).
 */
public final class HttpGetTask extends DescribedTask<HttpGetTask.Args> {

    private static final int MAX_REDIRECTS = 5;
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

    private volatile List<String> allowedHosts = List.of();
    private volatile Duration requestTimeout = Duration.ofSeconds(10);
    private volatile int maxBodySize = 1 << 20;
    /** Made on first use: creating one costs a worker JVM a noticeable part of its start-up. */
    private volatile HttpClient client;

    public record Args(@Arg(description = "an http or https URL whose host is allow-listed") @NotBlank String url) {
    }

    public HttpGetTask() {
        super("http-get", "GETs url (allow-listed hosts only, redirects re-checked) and returns status, contentType"
                + " and body as text, capped in size.", Args.class);
    }

    @Override
    public void configure(TaskSettings settings) {
        allowedHosts = settings.values("allowed-hosts").stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        settings.value("request-timeout").ifPresent(t -> requestTimeout = parseDuration(t));
        settings.value("max-body-size").ifPresent(s -> maxBodySize = Integer.parseInt(s.trim()));
        client = null;
    }

    private HttpClient client() {
        HttpClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .followRedirects(HttpClient.Redirect.NEVER) // followed here, re-checking each host
                            .connectTimeout(requestTimeout)
                            .build();
                }
                current = client;
            }
        }
        return current;
    }

    @Override
    public List<ArgumentError> check(Args args) {
        String problem = refusal(args.url());
        return problem == null ? List.of() : List.of(new ArgumentError("url", problem));
    }

    @Override
    public Object run(Args args, TaskContext context) throws IOException, InterruptedException {
        URI uri = URI.create(args.url());
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        for (int redirects = 0; ; redirects++) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(remaining(deadline)).GET().build();
            var sent = client().sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
            HttpResponse<InputStream> response = within(deadline, sent, () -> sent.cancel(true));
            String location = response.headers().firstValue("location").orElse(null);
            if (response.statusCode() / 100 == 3 && location != null) {
                response.body().close();
                if (redirects == MAX_REDIRECTS) {
                    throw new TaskFailure("TooManyRedirects", "more than " + MAX_REDIRECTS + " redirects from " + args.url());
                }
                uri = uri.resolve(location);
                String refusal = refusal(uri.toString());
                if (refusal != null) {
                    throw new TaskFailure("PermissionError", "redirect refused: " + refusal);
                }
                continue;
            }
            return result(uri, response, deadline);
        }
    }

    private Duration remaining(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timedOut();
        }
        return Duration.ofNanos(left);
    }

    private TaskFailure timedOut() {
        return new TaskFailure("TimeoutError", "the request did not finish within " + requestTimeout.toMillis()
                + " ms (jobpool.tasks.http-get.request-timeout)");
    }

    /** What {@code work} gives by the deadline; past it, {@code abandon} runs and the call fails with a timeout. */
    private <T> T within(long deadline, java.util.concurrent.Future<T> work, Runnable abandon)
            throws IOException, InterruptedException {
        try {
            return work.get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            abandon.run();
            throw timedOut();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            abandon.run();
            throw e;
        }
    }

    private Map<String, Object> result(URI uri, HttpResponse<InputStream> response, long deadline)
            throws IOException, InterruptedException {
        byte[] body;
        InputStream in = response.body();
        // a server may send a body one byte a second: the read is bounded by the same deadline
        var read = new java.util.concurrent.FutureTask<>(() -> in.readNBytes(maxBodySize + 1));
        Thread.ofVirtual().name("http-get-body").start(read);
        try {
            body = within(deadline, read, () -> close(in));
        } finally {
            close(in);
        }
        boolean truncated = body.length > maxBodySize;
        String contentType = response.headers().firstValue("content-type").orElse(null);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("url", uri.toString());
        result.put("status", response.statusCode());
        result.put("contentType", contentType);
        result.put("body", new String(body, 0, Math.min(body.length, maxBodySize), charset(contentType)));
        result.put("truncated", truncated);
        return result;
    }

    /** Why this URL may not be fetched, or null when it may. */
    private String refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return "not a valid URL: " + e.getReason();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "only http and https URLs can be fetched";
        }
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null) {
            return "the URL has no host";
        }
        if (allowedHosts.isEmpty()) {
            return "outbound requests are disabled: no host is allow-listed in jobpool.tasks.http-get.allowed-hosts";
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        boolean allowed = allowedHosts.stream().anyMatch(entry -> allows(entry, host, port, scheme));
        return allowed ? null : "host '" + host + "' port " + port + " is not in jobpool.tasks.http-get.allowed-hosts";
    }

    /** {@code entry} is a host pattern with an optional {@code :port} or {@code :*}; no port: the default one. */
    private static boolean allows(String entry, String host, int port, String scheme) {
        int colon = entry.lastIndexOf(':');
        String hostPattern = colon < 0 ? entry : entry.substring(0, colon);
        String portPattern = colon < 0 ? null : entry.substring(colon + 1);
        boolean hostMatches = hostPattern.startsWith("*.") ? host.endsWith(hostPattern.substring(1))
                : host.equals(hostPattern);
        boolean portMatches = portPattern == null ? port == (scheme.equals("https") ? 443 : 80)
                : portPattern.equals("*") || portPattern.equals(Integer.toString(port));
        return hostMatches && portMatches;
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException alreadyBroken) {
            // nothing more to release
        }
    }

    private static Charset charset(String contentType) {
        if (contentType != null) {
            Matcher m = Pattern.compile("charset=\"?([^;\"\\s]+)", Pattern.CASE_INSENSITIVE).matcher(contentType);
            if (m.find()) {
                try {
                    return Charset.forName(m.group(1));
                } catch (RuntimeException unknownCharset) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("jobpool.tasks.http-get.request-timeout: not a duration: " + text);
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            default -> amount * 1000;
        };
        return Duration.ofMillis(Math.round(millis));
    }
}
