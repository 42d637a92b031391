package io.mixgate.upstream;

/**
 * A message a provider script turned a provider message into: publish {@code data} (UTF-8 text)
 * to {@code channel}. Immutable.
 */
public record ChannelMessage(String channel, String data) {
}
