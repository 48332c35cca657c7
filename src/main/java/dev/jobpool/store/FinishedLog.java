package dev.jobpool.store;

import dev.jobpool.future.JobFuture;

/**
 * Finished futures in the order they finished, numbered 1, 2, 3 … as they are added: a ring of references,
 * oldest first. Retention takes from the front only, so the numbers still held are consecutive and an entry's
 * number is the first one's plus its index: the event stream finds where to go on by arithmetic.
 *
 * <p>Why not a sorted map from number to future: its nodes and boxed keys cost about 70 bytes per retained
 * future (measured: 331 → 399 bytes each); this costs the reference the finishing order needs anyway. Not
 * thread-safe: the store guards it.
 */
final class FinishedLog {

    private JobFuture[] futures = new JobFuture[64];
    private int head;
    private int size;
    /** The number of the entry at {@code head}; the next one added gets {@code first + size}. */
    private long first = 1;

    /** Adds a future that finished; returns its number. */
    long add(JobFuture future) {
        if (size == futures.length) {
            JobFuture[] more = new JobFuture[futures.length * 2];
            for (int i = 0; i < size; i++) {
                more[i] = futures[(head + i) % futures.length];
            }
            futures = more;
            head = 0;
        }
        futures[(head + size) % futures.length] = future;
        size++;
        return first + size - 1;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The number of the latest future added; 0 before the first. */
    long last() {
        return first + size - 1;
    }

    JobFuture first() {
        return futures[head];
    }

    void removeFirst() {
        futures[head] = null;
        head = (head + 1) % futures.length;
        size--;
        first++;
    }

    JobFuture future(int index) {
        return futures[(head + index) % futures.length];
    }

    long number(int index) {
        return first + index;
    }

    /** The index of the first entry numbered after {@code number}; {@link #size} when there is none. */
    int indexAfter(long number) {
        return (int) Math.max(0, Math.min(size, number - first + 1));
    }
}
