package io.mixgate.service;

import io.mixgate.cluster.MeshLease;

/**
 * Which node runs a {@code mode: one} service in a mesh: the holder of the lease
 * {@code service:<name>} of a {@link MeshLease}, which this node contends for from
 * {@link #contend}; another node takes the service over within about {@code 4/3 mesh.leaseTtl}
 * when the owner dies, and an owner that cannot renew stops before another can start.
 *
 * <p>Thread-safe.
 */
public final class LeasedServiceOwnership implements ServiceOwnership {
    private final MeshLease leases;

    public LeasedServiceOwnership(MeshLease leases) {
        this.leases = leases;
    }

    /** Starts contending for {@code service}'s lease. */
    public void contend(String service) {
        leases.contend(lease(service));
    }

    @Override
    public boolean owns(String service) {
        return leases.owns(lease(service));
    }

    @Override
    public void listen(Runnable changed) {
        leases.listen(changed);
    }

    /** The node id holding {@code service}'s lease, or null when none does (as far as known). */
    public Integer owner(String service) {
        int node = leases.holder(lease(service));
        return node < 0 ? null : node;
    }

    static String lease(String service) {
        return "service:" + service;
    }
}
