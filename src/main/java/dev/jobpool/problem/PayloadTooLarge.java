package dev.jobpool.problem;

/** A request body is larger than the configured limit. */
class PayloadTooLarge extends RuntimeException {

    public PayloadTooLarge(long limit) {
        super("the request body is larger than " + limit + " bytes (jobpool.http.max-body-size)");
    }
}
