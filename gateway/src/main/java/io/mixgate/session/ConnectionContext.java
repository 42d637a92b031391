package io.mixgate.session;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection's context values ({@code conn:set_context_value} and friends): plain Java values
 * (String, Long, Double, Boolean, Map, List) that outlive any one Lua VM.
 *
 * <p>Thread-safe: the script lane writes, and later the back-office API may write remotely
 * while a callback waits in {@link #await}. Uses a lock rather than {@code synchronized} so a
 * waiting virtual thread does not pin its carrier.
 */
public final class ConnectionContext {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private Map<String, Object> values; // created on first write: most idle connections hold one or two keys
    private boolean closed;

    public Object get(String key) {
        lock.lock();
        try {
            return values == null ? null : values.get(key);
        } finally {
            lock.unlock();
        }
    }

    /** Sets {@code key}; a null value removes it. */
    public void put(String key, Object value) {
        lock.lock();
        try {
            if (value == null) {
                if (values != null) {
                    values.remove(key);
                }
            } else {
                if (values == null) {
                    values = new LinkedHashMap<>(4);
                }
                values.put(key, value);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Replaces every value with {@code newValues} (null values skipped). */
    public void replace(Map<String, Object> newValues) {
        lock.lock();
        try {
            values = new LinkedHashMap<>(Math.max(4, newValues.size() * 2));
            newValues.forEach((k, v) -> {
                if (v != null) {
                    values.put(k, v);
                }
            });
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A copy of all values, in insertion order. */
    public Map<String, Object> snapshot() {
        lock.lock();
        try {
            return values == null ? Map.of() : new LinkedHashMap<>(values);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until {@code key} has a value, the connection closes, or {@code timeout} passes
     * (null waits without limit). Meant for virtual threads.
     *
     * @return the value, or null when closed or timed out
     */
    public Object await(String key, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
            while (!closed && (values == null || !values.containsKey(key))) {
                if (timeout == null) {
                    changed.await();
                } else {
                    if (nanos <= 0) {
                        return null;
                    }
                    nanos = changed.awaitNanos(nanos);
                }
            }
            return values == null ? null : values.get(key);
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every {@link #await}: the connection is gone. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

}
