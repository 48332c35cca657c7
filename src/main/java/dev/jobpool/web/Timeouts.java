package dev.jobpool.web;

import dev.jobpool.problem.InvalidRequest;

import java.math.BigDecimal;
import java.time.Duration;

import org.springframework.stereotype.Component;

/**
 * Timeouts and waits as clients give them: seconds as decimal numbers, Python's way ({@code timeout=0.5}).
 * Each must be between 0 and {@code jobpool.http.max-wait}; none means "as long as a request may wait".
 */
@Component
public class Timeouts {

    private final Duration maxWait;

    Timeouts(HttpProperties properties) {
        this.maxWait = properties.maxWait();
    }

    /** The timeout named {@code field}, or the longest wait when it is null. */
    public Duration orMax(String field, BigDecimal seconds) {
        return seconds == null ? maxWait : of(field, seconds);
    }

    /** The timeout named {@code field}, or zero (do not wait) when it is null. */
    public Duration orZero(String field, BigDecimal seconds) {
        return seconds == null ? Duration.ZERO : of(field, seconds);
    }

    /**
     * The {@code wait} preference of a {@code Prefer} header (RFC 7240: {@code Prefer: wait=5}, among others,
     * comma-separated), capped at the longest wait; null when there is none. A preference is a hint: one this
     * service cannot read is ignored, as the RFC says, rather than refused.
     */
    public Duration preferredWait(String prefer) {
        if (prefer == null || prefer.length() > 1_000) {
            return null;
        }
        for (String preference : prefer.split(",")) {
            String[] nameAndValue = preference.split(";", 2)[0].split("=", 2);
            if (nameAndValue.length == 2 && nameAndValue[0].strip().equalsIgnoreCase("wait")) {
                String value = nameAndValue[1].strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1); // a word may be a quoted-string: wait="5"
                }
                // delta-seconds, and decimals as every other wait here takes them. A billion seconds or more is
                // "longer than the cap" without being converted (a long of nanoseconds ends at 9.2 billion; RFC
                // 9111 1.2.2 takes an overflowing delta-seconds as its largest value, not as an error); the
                // header's bound above bounds the parse
                if (value.matches("[0-9]+(\\.[0-9]+)?")) {
                    String whole = value.split("\\.", 2)[0].replaceFirst("^0+(?=.)", "");
                    if (whole.length() > 9) {
                        return maxWait;
                    }
                    Duration wanted = Duration.ofNanos(new BigDecimal(value).movePointRight(9).longValue());
                    return wanted.compareTo(maxWait) > 0 ? maxWait : wanted;
                }
            }
        }
        return null;
    }

    /**
     * Compared before anything is converted: {@code 1e999999999} is a few bytes that spell a billion digits, and
     * written out in full (as {@code toPlainString} would) it costs gigabytes. Echoed back in short form only.
     */
    private Duration of(String field, BigDecimal seconds) {
        BigDecimal max = BigDecimal.valueOf(maxWait.toMillis(), 3);
        if (seconds.signum() < 0 || seconds.compareTo(max) > 0) {
            throw new InvalidRequest(field, "must be between 0 and " + max.stripTrailingZeros().toPlainString()
                    + " seconds (jobpool.http.max-wait), got " + seconds.round(SHORT));
        }
        return Duration.ofNanos(seconds.movePointRight(9).longValue());
    }

    /** Enough digits to recognise a value by; BigDecimal#toString switches to an exponent past them. */
    private static final java.math.MathContext SHORT = new java.math.MathContext(12);
}
