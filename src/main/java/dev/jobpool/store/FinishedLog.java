package dev.jobpool.store;

import dev.jobpool.future.JobFuture;

/**
 * Finished futures in the order they finished, each with the number of its end: a ring of two parallel arrays,
 * oldest first. Retention takes from the front; the event stream finds where to go on by binary search, since
 * the numbers only grow.
 *
 * <p>Why not a sorted map from number to future: its nodes and boxed keys cost about 70 bytes per retained
 * future (measured: 331 → 399 bytes each), where these arrays cost 12. Not thread-safe: the store guards it.
 */
final class FinishedLog {

    private JobFuture[] futures = new JobFuture[64];
    private long[] numbers = new long[64];
    private int head;
    private int size;

    void add(JobFuture future, long number) {
        if (size == futures.length) {
            grow();
        }
        int at = (head + size) % futures.length;
        futures[at] = future;
        numbers[at] = number;
        size++;
    }

    private void grow() {
        JobFuture[] moreFutures = new JobFuture[futures.length * 2];
        long[] moreNumbers = new long[numbers.length * 2];
        for (int i = 0; i < size; i++) {
            moreFutures[i] = futures[(head + i) % futures.length];
            moreNumbers[i] = numbers[(head + i) % numbers.length];
        }
        futures = moreFutures;
        numbers = moreNumbers;
        head = 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    JobFuture first() {
        return futures[head];
    }

    void removeFirst() {
        futures[head] = null;
        head = (head + 1) % futures.length;
        size--;
    }

    JobFuture future(int index) {
        return futures[(head + index) % futures.length];
    }

    long number(int index) {
        return numbers[(head + index) % numbers.length];
    }

    /** The index of the first entry numbered after {@code number}; {@link #size} when there is none. */
    int indexAfter(long number) {
        int low = 0;
        int high = size;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (number(middle) <= number) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
