package io.mixgate.api;

import io.mixgate.core.MetricsScrape;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * {@code GET /metrics}: the node's {@link MetricsScrape}, as is (Prometheus text), the one reply
 * of the API that is not JSON. The scrape walks every meter, so it runs on a worker thread, not
 * on an I/O thread.
 *
 * <p>Thread safety: immutable.
 */
final class MetricsHandler implements HttpHandler {
    private final MetricsScrape metrics;

    MetricsHandler(MetricsScrape metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        String text = metrics.scrape();
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, metrics.contentType());
        exchange.getResponseSender().send(text);
    }
}
