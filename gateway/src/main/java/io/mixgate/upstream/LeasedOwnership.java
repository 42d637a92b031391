package io.mixgate.upstream;

import io.mixgate.cluster.MeshLease;

/**
 * Ownership of upstreams in a mesh: the lease {@code upstream:<name>} of a {@link MeshLease}, which
 * this node contends for from {@link #contend}: the provider sees one connection per feed for the
 * whole mesh, and another node takes over within about {@code 4/3 leaseTtl} when the owner dies.
 *
 * <p>Thread-safe.
 */
public final class LeasedOwnership implements UpstreamOwnership {
    private final MeshLease leases;

    public LeasedOwnership(MeshLease leases) {
        this.leases = leases;
    }

    /** Starts contending for {@code upstream}'s lease. */
    public void contend(String upstream) {
        leases.contend(lease(upstream));
    }

    @Override
    public boolean owns(String upstream) {
        return leases.owns(lease(upstream));
    }

    @Override
    public void listen(Runnable changed) {
        leases.listen(changed);
    }

    @Override
    public Integer owner(String upstream) {
        int node = leases.holder(lease(upstream));
        return node < 0 ? null : node;
    }

    static String lease(String upstream) {
        return "upstream:" + upstream;
    }
}
