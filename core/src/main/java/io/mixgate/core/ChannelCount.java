package io.mixgate.core;

/**
 * A channel and its subscribers (connections), summed over the nodes that answered. Immutable.
 */
public record ChannelCount(String name, long subscribers) {
}
