package dev.jobpool.web;

import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * How many connections Tomcat keeps open at once, bounded by the heap rather than Tomcat's fixed 8,192.
 *
 * <p>Why: a request that waits (a long-poll, {@code result?timeout=}, {@code Prefer: wait}, {@code wait}) holds
 * its connection's buffers, its request and response objects and its virtual thread's stack on the heap:
 * about 120 KB each, measured with 1,000 long-polls on one future (1,000 took 161 MB live where the idle
 * service holds 40 MB). With Tomcat's default, one client opening 4,000 long-polls took a {@code -Xmx512m}
 * instance to OutOfMemoryError, its poller thread with it, and the instance never answered again. One
 * connection per 512 KiB of heap keeps them to about a quarter of it (1,024 on 512 MB, 8,192 from 4 GB);
 * connections past the limit wait in the operating system's backlog until one closes, and nothing breaks.
 * A fixed smaller number would starve large instances; per-request quotas would not bound idle keep-alive
 * connections, which hold buffers too.
 */
@Configuration(proxyBeanMethods = false)
class Connections {

    /** Tomcat's own default, and the most this sets by itself. */
    static final int TOMCAT_DEFAULT = 8192;
    private static final int AT_LEAST = 100;

    /** The limit for a heap of {@code maxHeap} bytes: one connection per 512 KiB, within [100, 8,192]. */
    static int forHeap(long maxHeap) {
        return (int) Math.max(AT_LEAST, Math.min(TOMCAT_DEFAULT, maxHeap >> 19));
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> boundedConnections(HttpProperties properties,
                                                                                 Environment environment) {
        if (properties.maxConnections() == null && environment.containsProperty("server.tomcat.max-connections")) {
            return factory -> { }; // the operator set Tomcat's own property: it stands
        }
        int max = properties.maxConnections() != null ? properties.maxConnections()
                : forHeap(Runtime.getRuntime().maxMemory());
        return factory -> factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
                protocol.setMaxConnections(max);
            }
        });
    }
}
