package io.mixgate.config;

import java.time.Duration;

/**
 * Mesh-wide coordination through Redis ({@code mesh:} in the YAML): the named leases that give
 * one node of the mesh a job (an upstream feed's connections) and the interest that tells every
 * node which channels have a subscriber on any node. Only used in a Redis mesh, and only built
 * when something needs them (today: {@code upstreams[]}).
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param leaseTtl          how long a lease lives in Redis after its owner's last renewal; the owner
 *                          renews every third of it and stops acting as owner three quarters of it
 *                          after its last successful renewal was sent; another node takes a lapsed
 *                          lease within a third of it, {@code 1s..10m}, default 10s
 * @param interestTtl       how long a node's record of its channels lives in Redis after its last
 *                          renewal (every third of it): a killed node's interest is gone from every
 *                          node within {@code interestTtl} plus a third of it, {@code 1s..10m}, default 6s
 * @param interestReconcile how often a node re-reads every node's interest from Redis, healing a
 *                          missed notification, {@code 1s..1h}, default 30s
 */
public record MeshConfig(Duration leaseTtl, Duration interestTtl, Duration interestReconcile) {

    /** Validates every value. */
    public MeshConfig {
        Require.durationRange("leaseTtl", leaseTtl, Duration.ofSeconds(1), Duration.ofMinutes(10));
        Require.durationRange("interestTtl", interestTtl, Duration.ofSeconds(1), Duration.ofMinutes(10));
        Require.durationRange("interestReconcile", interestReconcile, Duration.ofSeconds(1), Duration.ofHours(1));
    }

    /** The defaults: leases of 10s, interest records of 6s, a full re-read every 30s. */
    public static MeshConfig defaults() {
        return new MeshConfig(Duration.ofSeconds(10), Duration.ofSeconds(6), Duration.ofSeconds(30));
    }
}
