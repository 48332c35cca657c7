package dev.jobpool.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP limits.
 *
 * @param maxBodySize larger request bodies are refused with 413
 * @param maxWait the longest timeout or wait a request may ask for; also how long a wait without a timeout
 *                lasts, since an HTTP request cannot wait forever as Python's {@code result()} does
 */
@ConfigurationProperties("jobpool.http")
public record HttpProperties(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("5m") Duration maxWait) {
}
