package io.mixgate.core;

/**
 * The node's metrics as one exposition document, for {@code GET /metrics}: the API serves the
 * text without knowing the metrics library behind it.
 *
 * <p>Thread safety: implementations are safe to call from any thread. {@link #scrape()} reads the
 * current values of every meter; it does not block on the node's work, but it does walk every
 * meter, so callers should not call it per request of anything but a scrape.
 */
public interface MetricsScrape {
    /** The {@code Content-Type} of {@link #scrape()}, e.g. Prometheus' {@code text/plain; version=0.0.4; charset=utf-8}. */
    String contentType();

    /** Every meter's current value, in the format {@link #contentType()} names. */
    String scrape();
}
