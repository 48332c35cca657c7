package dev.jobpool.future;

/** When {@link Waiting#waitFor} returns, with Python's names. */
public enum ReturnWhen {
    FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED
}
