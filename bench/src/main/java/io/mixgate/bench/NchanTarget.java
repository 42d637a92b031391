package io.mixgate.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * nginx with nchan, configured by {@code bench/run.sh}: WebSocket subscribers at
 * {@code /sub/<channel>} (subscribing is the connection itself; nchan has no auth callback),
 * publishers at {@code POST /pub/<channel>} with the message as the body. nchan has no batch publish.
 */
final class NchanTarget implements Target {
    private final String prefix;

    /** @param run distinguishes this run's channels from earlier runs' (nchan buffers messages) */
    NchanTarget(String run) {
        this.prefix = "b" + run + "_";
    }

    @Override
    public String name() {
        return "nchan";
    }

    @Override
    public String publicSymbol() {
        return prefix + "depth";
    }

    @Override
    public Subscription publicSubscriber() {
        return new Subscription("/sub/" + prefix + "depth", List.of());
    }

    @Override
    public Subscription privateSubscriber(long user) {
        return new Subscription("/sub/" + prefix + "u" + user, List.of());
    }

    @Override
    public Publish publishPublic(String payload) {
        return raw("/pub/" + prefix + "depth", payload);
    }

    @Override
    public Publish publishPrivate(long user, String payload) {
        return raw("/pub/" + prefix + "u" + user, payload);
    }

    @Override
    public Publish publishBatch(List<String> payloads) {
        return null;
    }

    @Override
    public boolean publishSucceeded(int status, String body) {
        return status >= 200 && status < 300;
    }

    private static Publish raw(String path, String payload) {
        return new Publish(path, payload.getBytes(StandardCharsets.UTF_8), "text/plain", 1);
    }
}
