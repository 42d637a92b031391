package io.mixgate.upstream;

import io.mixgate.cluster.MeshInterest;

/**
 * The demand of a mesh: channels any node's connections are subscribed to, as {@link MeshInterest}
 * tracks them in Redis. Thread-safe.
 */
public final class MeshDemand implements UpstreamDemand {
    private final MeshInterest interest;

    public MeshDemand(MeshInterest interest) {
        this.interest = interest;
    }

    @Override
    public void listen(Listener listener) {
        interest.listen(new MeshInterest.Listener() {
            @Override
            public void wanted(String channel) {
                listener.wanted(channel);
            }

            @Override
            public void unwanted(String channel) {
                listener.unwanted(channel);
            }
        });
    }

    @Override
    public boolean wanted(String channel) {
        return interest.wanted(channel);
    }
}
