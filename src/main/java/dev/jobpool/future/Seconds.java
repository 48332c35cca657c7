package dev.jobpool.future;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The one way messages write a duration: in seconds, as Python and the API do ({@code 2.5 s}, {@code 3600 s}),
 * exact to the nanosecond and without trailing zeros.
 */
public final class Seconds {

    private Seconds() {
    }

    public static String of(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString() + " s";
    }
}
