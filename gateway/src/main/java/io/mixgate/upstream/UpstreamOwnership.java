package io.mixgate.upstream;

/**
 * Whether this node holds an upstream's connections. On one node it always does
 * ({@link #ALWAYS}). In a mesh one node per upstream owns it through a lease in Redis
 * ({@link LeasedOwnership}) that it renews and another node takes over when it lapses; the feed
 * connects while it owns, publishes nothing once it does not, and closes its connections on its lane.
 *
 * <p>Thread safety: thread-safe.
 */
public interface UpstreamOwnership {
    /** Whether this node owns {@code upstream} now. */
    boolean owns(String upstream);

    /** Adds a listener run (on any thread) whenever ownership of some upstream may have changed. */
    void listen(Runnable changed);

    /** The id of the node owning {@code upstream} as last seen, or null (alone, or no node owns it now). */
    Integer owner(String upstream);

    /** A single node owns every upstream. */
    UpstreamOwnership ALWAYS = new UpstreamOwnership() {
        @Override
        public boolean owns(String upstream) {
            return true;
        }

        @Override
        public void listen(Runnable changed) {
        }

        @Override
        public Integer owner(String upstream) {
            return null;
        }
    };
}
