package io.mixgate.service;

/**
 * Whether this node runs a {@code mode: one} service now. On one node it always does
 * ({@link #ALWAYS}); in a mesh the lead wires {@code io.mixgate.cluster.MeshLease} in (one owner
 * per service name, taken over when the owner dies). {@code mode: every} services do not ask.
 *
 * <p>Thread safety: thread-safe; listeners may run on any thread.
 */
public interface ServiceOwnership {
    /** Whether this node owns {@code service} now. */
    boolean owns(String service);

    /** Adds a listener run whenever ownership of some service may have changed. */
    void listen(Runnable changed);

    /** A single node owns every service. */
    ServiceOwnership ALWAYS = new ServiceOwnership() {
        @Override
        public boolean owns(String service) {
            return true;
        }

        @Override
        public void listen(Runnable changed) {
        }
    };
}
