package dev.jobpool.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Protected mode, as Redis has it: a Jobpool with no API key and no JWT issuer configured listens on the loopback
 * interface only, and every request is the local administrator. Asked to listen elsewhere without credentials, it
 * refuses to start, saying what to configure, unless {@code jobpool.security.allow-anonymous=true}.
 *
 * <p>Decided here, before the web server exists, so that it never listens where it should not for a moment.
 */
class ProtectedMode implements EnvironmentPostProcessor {

    /** Property names that configure JWTs the standard way; any of them means credentials are configured. */
    private static final String[] JWT = {"spring.security.oauth2.resourceserver.jwt.issuer-uri",
            "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
            "spring.security.oauth2.resourceserver.jwt.public-key-location"};

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Binder binder = Binder.get(environment);
        boolean apiKeys = !binder.bind("jobpool.security.api-keys", Bindable.mapOf(String.class, Object.class))
                .orElse(Map.of()).isEmpty();
        boolean jwts = java.util.Arrays.stream(JWT).anyMatch(name -> !environment.getProperty(name, "").isBlank());
        if (apiKeys || jwts) {
            return;
        }
        boolean anonymousAllowed = binder.bind("jobpool.security.allow-anonymous", Boolean.class).orElse(false);
        String address = environment.getProperty("server.address");
        if (address == null || address.isBlank()) {
            environment.getPropertySources().addFirst(new MapPropertySource("jobpool-protected-mode",
                    Map.of("server.address", "127.0.0.1", "jobpool.security.protected-mode", "true")));
            return;
        }
        if (!isLoopback(address) && !anonymousAllowed) {
            throw new IllegalStateException("Jobpool refuses to listen on " + address + " with no credentials"
                    + " configured: anyone who reached it could run and read everyone's calls. Configure API keys"
                    + " (jobpool.security.api-keys.<client>.sha256; java -jar jobpool.jar --generate-api-key"
                    + " prints one) or JWTs (spring.security.oauth2.resourceserver.jwt.issuer-uri), or leave"
                    + " server.address unset to listen on 127.0.0.1 only. jobpool.security.allow-anonymous=true"
                    + " serves everyone as an administrator, for a network that is closed already.");
        }
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
