package io.mixgate.service;

import io.mixgate.upstream.UpstreamDemand;
import java.util.Collection;

/**
 * Which channels have a subscriber, for the interest hooks of services: the events of
 * {@link UpstreamDemand} (first subscriber, last subscriber gone) plus the channels wanted now, so
 * a service that starts watching late hears of channels that were already wanted. On one node:
 * {@link LocalChannelDemand}; in a mesh the lead wires {@code io.mixgate.cluster.MeshInterest} in.
 *
 * <p>Thread safety: as {@link UpstreamDemand}: listeners may be called from any thread, calls for
 * one channel possibly out of order, so a listener reconciles with {@link #wanted(String)}.
 */
public interface ChannelDemand extends UpstreamDemand {
    /** A snapshot of the channels wanted now. */
    Collection<String> wantedChannels();
}
