package dev.jobpool.web;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP limits.
 *
 * @param maxBodySize larger request bodies are refused with 413
 * @param maxWait the longest timeout or wait a request may ask for; also how long a wait without a timeout
 *                lasts, since an HTTP request cannot wait forever as Python's {@code result()} does
 * @param maxConnections connections Tomcat keeps open at once; unset, one per 512 KiB of heap (see
 *                       {@link Connections}); {@code server.tomcat.max-connections}, when set, wins
 */
@ConfigurationProperties("jobpool.http")
@Validated
record HttpProperties(@NotNull @DefaultValue("1MB") DataSize maxBodySize,
                             @NotNull @DurationMin(millis = 1) @DefaultValue("5m") Duration maxWait,
                             @Min(1) Integer maxConnections) {

    @AssertTrue(message = "max-body-size must be at least 1KB")
    boolean isBodySizeUsable() {
        return maxBodySize == null || maxBodySize.toBytes() >= 1024;
    }
}
