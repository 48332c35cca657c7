package dev.jobpool.future;

/** How far a running task says it is: a fraction between 0 and 1 and an optional message. */
public record Progress(double fraction, String message) {

    public Progress {
        fraction = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
    }
}
