package io.mixgate.upstream;

import java.util.List;

/**
 * The provider script of one upstream, as the feed calls it (implemented in {@code script/}; no
 * Lua here). Every method runs a Lua callback to its end on the calling thread; a script error
 * is logged where it happens and answered as the method says.
 *
 * <p>Thread safety: callable from several threads; a feed calls it from its lane only.
 */
public interface ProviderScript {
    /**
     * {@code url(desired)}: the URL to open for a connection carrying {@code desired} (sorted).
     *
     * @return the URL, or null when the script failed or returned none
     */
    String url(List<String> desired);

    /** {@code subscription_for(channel)}: the upstream subscription key behind a channel, or null when none. */
    String subscriptionFor(String channel);

    /** {@code subscribe_message(sub)}: the frame that subscribes, or null for none (the URL carries it). */
    String subscribeMessage(String subscription);

    /** {@code unsubscribe_message(sub)}: the frame that unsubscribes, or null for none. */
    String unsubscribeMessage(String subscription);

    /** {@code on_open(up)}; returns false when the script failed (the connection is then reopened). */
    boolean onOpen(UpstreamLink up);

    /** {@code on_message(up, msg)}: what to publish; empty when nothing (or the script failed). */
    List<ChannelMessage> onMessage(UpstreamLink up, String message);

    /** {@code heartbeat(up)}: a frame to send, or null. */
    String heartbeat(UpstreamLink up);

    /** {@code on_close(up, err)}. */
    void onClose(UpstreamLink up, String error);

    /** The version running now, for logs and the API. */
    long version();
}
