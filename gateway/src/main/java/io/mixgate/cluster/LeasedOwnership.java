package io.mixgate.cluster;

/**
 * Ownership of one kind of job in a mesh: the job {@code name} is the lease
 * {@code <kind>:<name>} of a {@link MeshLease} (e.g. {@code upstream:binance},
 * {@code service:market}), which this node contends for from {@link #contend}. The job runs on one
 * node of the mesh, and another node takes over within about {@code 4/3 mesh.leaseTtl} when its
 * owner dies; an owner that cannot renew stops before another can start.
 *
 * <p>Thread-safe.
 */
public final class LeasedOwnership implements Ownership {
    private final MeshLease leases;
    private final String kind;

    /** @param kind what the names are, the leases' prefix: {@code upstream}, {@code service} */
    public LeasedOwnership(MeshLease leases, String kind) {
        this.leases = leases;
        this.kind = kind;
    }

    /** Starts contending for {@code name}'s lease. */
    public void contend(String name) {
        leases.contend(lease(name));
    }

    @Override
    public boolean owns(String name) {
        return leases.owns(lease(name));
    }

    @Override
    public void listen(Runnable changed) {
        leases.listen(changed);
    }

    @Override
    public Integer owner(String name) {
        int node = leases.holder(lease(name));
        return node < 0 ? null : node;
    }

    String lease(String name) {
        return kind + ":" + name;
    }
}
