package io.mixgate.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixgate.core.UpstreamFeeds;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /v1/upstreams}: this node's upstream feeds, {@code {"E":null,"r":[...]}} with, per
 * upstream, its connections (URL, open, subscriptions), every wanted subscription with its state
 * ({@code pending}, {@code subscribed}, {@code failed} with the provider's error), every channel
 * it published to with {@code lastDataMillis} and {@code stale}, and its counters.
 *
 * <p>Thread safety: stateless; the feeds are thread-safe.
 */
final class UpstreamsHandler implements HttpHandler {
    private final UpstreamFeeds feeds;
    private final ObjectMapper mapper;
    private final ApiReplies replies;

    UpstreamsHandler(UpstreamFeeds feeds, ObjectMapper mapper, ApiReplies replies) {
        this.feeds = feeds;
        this.mapper = mapper;
        this.replies = replies;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        replies.ok(exchange, mapper.valueToTree(feeds.statuses()), null);
    }
}
