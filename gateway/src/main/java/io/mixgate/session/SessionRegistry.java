package io.mixgate.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The open connections of this node by client id. Thread-safe. */
public final class SessionRegistry {
    private final ConcurrentHashMap<Long, Session> sessions = new ConcurrentHashMap<>();
    /** Notified when the last session leaves (see {@link #awaitEmpty}). */
    private final Object emptied = new Object();

    public void add(Session session) {
        sessions.put(session.id(), session);
    }

    public void remove(Session session) {
        if (sessions.remove(session.id(), session) && sessions.isEmpty()) {
            synchronized (emptied) {
                emptied.notifyAll();
            }
        }
    }

    /**
     * Waits until no session is open, at most {@code timeout}.
     *
     * @return whether none is open
     */
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (emptied) {
            while (!sessions.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(emptied, left);
            }
            return true;
        }
    }

    /** The session with {@code clientId}, or null when no such connection is open here. */
    public Session find(long clientId) {
        return sessions.get(clientId);
    }

    /** The sessions open at the time of the call (a copy: later opens and closes do not show). */
    public List<Session> snapshot() {
        return new ArrayList<>(sessions.values());
    }

    /** A live, weakly consistent view of the open connections, for inspection. */
    public Collection<Session> all() {
        return Collections.unmodifiableCollection(sessions.values());
    }

    public int size() {
        return sessions.size();
    }

    /** Script callbacks queued or running on every open connection's lane; walks all sessions (for scrapes, not hot paths). */
    public long queuedCallbacks() {
        long sum = 0;
        for (Session session : sessions.values()) {
            sum += session.lane().pending();
        }
        return sum;
    }
}
