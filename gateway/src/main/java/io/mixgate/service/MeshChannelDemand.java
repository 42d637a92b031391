package io.mixgate.service;

import io.mixgate.cluster.MeshInterest;
import io.mixgate.upstream.MeshDemand;
import java.util.Collection;

/**
 * The interest hooks' demand in a mesh: channels with a subscriber on any node, as
 * {@link MeshInterest} tracks them in Redis (the same events upstream feeds follow). Thread-safe.
 */
public final class MeshChannelDemand implements ChannelDemand {
    private final MeshInterest interest;
    private final MeshDemand events;

    public MeshChannelDemand(MeshInterest interest) {
        this.interest = interest;
        this.events = new MeshDemand(interest);
    }

    @Override
    public void listen(Listener listener) {
        events.listen(listener);
    }

    @Override
    public boolean wanted(String channel) {
        return interest.wanted(channel);
    }

    @Override
    public Collection<String> wantedChannels() {
        return interest.wantedChannels();
    }
}
