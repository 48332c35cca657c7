package dev.jobpool.bench;

import java.util.Arrays;

/** Figures from samples of nanoseconds. */
final class Samples {

    private Samples() {
    }

    /** The q-th percentile (nearest rank) of nanosecond samples, in milliseconds. */
    static double percentile(long[] nanos, double q) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = Math.max(1, (int) Math.ceil(q * sorted.length));
        return sorted[rank - 1] / 1e6;
    }
}
