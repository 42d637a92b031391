package io.mixgate.core;

/**
 * A node's health, in two meanings: whether it should get new clients ({@code GET /health}, what a
 * load balancer checks) and whether its mesh link works ({@code GET /health/mesh}, what alerts
 * check). A node whose Redis link is down still serves its own clients, so it stays ready.
 *
 * <p>Immutable.
 *
 * @param healthy     ready for new clients: not draining, script lanes not stalled
 * @param connections client connections open on this node
 * @param detail      why the node is not ready, {@code "ok"} when it is
 * @param meshHealthy the link to the mesh (Redis) works; always true for a node alone
 * @param meshDetail  why the mesh link is down, {@code "ok"} when it is up
 */
public record NodeHealth(boolean healthy, long connections, String detail, boolean meshHealthy, String meshDetail) {

    /** A node with no mesh link to speak of (alone, or the link is fine). */
    public NodeHealth(boolean healthy, long connections, String detail) {
        this(healthy, connections, detail, true, "ok");
    }

    /** This health with the mesh link reported down for {@code why}. */
    public NodeHealth meshDown(String why) {
        return new NodeHealth(healthy, connections, detail, false, why);
    }
}
