package io.mixgate.cluster;

/**
 * Whether this node runs a named single-owner job now: an upstream feed's connections, a
 * {@code mode: one} service. Alone, the node owns every job ({@link #ALWAYS}). In a mesh one node
 * per job owns it through a lease in Redis ({@link LeasedOwnership}) that it renews and another
 * node takes over when it lapses; the job runs while its node owns it and stops as soon as it does
 * not.
 *
 * <p>Thread safety: thread-safe; listeners may run on any thread.
 */
public interface Ownership {
    /** Whether this node owns the job {@code name} now. */
    boolean owns(String name);

    /** Adds a listener run (on any thread) whenever ownership of some job may have changed. */
    void listen(Runnable changed);

    /** The id of the node owning {@code name} as last seen, or null (alone, or no node owns it now). */
    Integer owner(String name);

    /** A single node owns every job. */
    Ownership ALWAYS = new Ownership() {
        @Override
        public boolean owns(String name) {
            return true;
        }

        @Override
        public void listen(Runnable changed) {
        }

        @Override
        public Integer owner(String name) {
            return null;
        }
    };
}
