package dev.jobpool.executor;

import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The queue of an executor's pool threads: one line per tenant, served in turn (round-robin), so that one
 * tenant's backlog delays another tenant's call by about one call per busy worker rather than by the whole
 * backlog. Within a tenant, calls keep their order (Python's FIFO).
 *
 * <p>Why round-robin over calls rather than deficit round-robin over time: a call's cost is unknown when it is
 * taken, and calls of one executor are usually alike; one call per turn is what a client can reason about.
 * Why a queue of its own rather than a priority queue: a priority needs a key that changes as tenants are
 * served, and a {@code PriorityBlockingQueue} cannot re-key without taking everything out.
 *
 * <p>The executor's room semaphore bounds the calls; {@link #hasShare} and {@link #awaitShare} share the room
 * out among tenants ({@link QueueShare}).
 */
final class TenantQueue<E> extends AbstractQueue<E> implements BlockingQueue<E> {

    private final Function<E, String> tenantOf;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    /** Signalled whenever a call leaves, for feeds that wait for their tenant's share. */
    private final Condition left = lock.newCondition();
    private final int capacity;
    /** Tenants with queued calls, in the order they get their next turn. Guarded by lock. */
    private final LinkedHashMap<String, ArrayDeque<E>> lines = new LinkedHashMap<>();
    private int size;

    /** @param capacity the executor's queueCapacity, shared out among tenants by {@link QueueShare} */
    TenantQueue(Function<E, String> tenantOf, int capacity) {
        this.tenantOf = tenantOf;
        this.capacity = capacity;
    }

    /** True while {@code tenant} holds less than its {@link QueueShare share} of the queue. */
    boolean hasShare(String tenant) {
        lock.lock();
        try {
            return queued(tenant) < share(tenant);
        } finally {
            lock.unlock();
        }
    }

    /** How many calls {@code tenant} may have waiting now. Caller locks. */
    private int share(String tenant) {
        return QueueShare.of(capacity, lines.size() - (lines.containsKey(tenant) ? 1 : 0));
    }

    /** Calls of {@code tenant} waiting. */
    int queued(String tenant) {
        lock.lock();
        try {
            ArrayDeque<E> line = lines.get(tenant);
            return line == null ? 0 : line.size();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@code tenant} {@link #hasShare has a share} free. */
    void awaitShare(String tenant) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (queued(tenant) >= share(tenant)) {
                left.await();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean offer(E e) {
        lock.lock();
        try {
            lines.computeIfAbsent(tenantOf.apply(e), t -> new ArrayDeque<>()).addLast(e);
            size++;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void put(E e) {
        offer(e);
    }

    @Override
    public boolean offer(E e, long timeout, TimeUnit unit) {
        return offer(e);
    }

    /** The first call of the tenant whose turn it is; that tenant goes to the back of the turns. Caller locks. */
    private E next() {
        Iterator<Map.Entry<String, ArrayDeque<E>>> turns = lines.entrySet().iterator();
        if (!turns.hasNext()) {
            return null;
        }
        Map.Entry<String, ArrayDeque<E>> turn = turns.next();
        E e = turn.getValue().pollFirst();
        turns.remove();
        if (!turn.getValue().isEmpty()) {
            lines.put(turn.getKey(), turn.getValue());
        }
        size--;
        left.signalAll();
        return e;
    }

    @Override
    public E poll() {
        lock.lock();
        try {
            return next();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public E take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (size == 0) {
                notEmpty.await();
            }
            return next();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (size == 0) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return next();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public E peek() {
        lock.lock();
        try {
            return lines.isEmpty() ? null : lines.firstEntry().getValue().peekFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Takes a cancelled call out, wherever it waits; the tenant keeps its place in the turns. */
    @Override
    public boolean remove(Object o) {
        lock.lock();
        try {
            for (Iterator<ArrayDeque<E>> it = lines.values().iterator(); it.hasNext(); ) {
                ArrayDeque<E> line = it.next();
                if (line.removeFirstOccurrence(o)) {
                    size--;
                    left.signalAll();
                    if (line.isEmpty()) {
                        it.remove();
                    }
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int remainingCapacity() {
        return Integer.MAX_VALUE;
    }

    @Override
    public int drainTo(Collection<? super E> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super E> c, int maxElements) {
        lock.lock();
        try {
            int n = 0;
            E e;
            while (n < maxElements && (e = next()) != null) {
                c.add(e);
                n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot, in no promised order: the JDK pool iterates only to purge or to report. */
    @Override
    public Iterator<E> iterator() {
        lock.lock();
        try {
            List<E> all = new ArrayList<>(size);
            lines.values().forEach(all::addAll);
            return new Iterator<>() {
                private final Iterator<E> it = all.iterator();
                private E last;

                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public E next() {
                    last = it.next();
                    return last;
                }

                @Override
                public void remove() {
                    TenantQueue.this.remove(last);
                }
            };
        } finally {
            lock.unlock();
        }
    }
}
