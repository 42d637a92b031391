package io.mixgate.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * mixgate running {@code scripts/entry.websocket.lua}: clients subscribe with
 * {@code {"op":"subscribe","channel":"SYM@depth"}} (internal channel {@code ex:SYM@depth}), private
 * users authenticate with token {@code u<uid>} (answered by {@link AuthEndpoint}) and subscribe
 * to {@code @balance} (internal {@code ex:<uid>@balance}); the back office publishes with
 * {@code POST /v1/mesh/publish} and, mixgate-only, {@code POST /v1/mesh/publish_batch}.
 */
final class MixgateTarget implements Target {
    private final String path;
    private final String symbol;

    /** @param run distinguishes this run's public channel from earlier runs' */
    MixgateTarget(String path, String run) {
        this.path = path;
        this.symbol = "B" + run;
    }

    @Override
    public String name() {
        return "mixgate";
    }

    @Override
    public String publicSymbol() {
        return symbol;
    }

    @Override
    public Subscription publicSubscriber() {
        return new Subscription(path, List.of("{\"op\":\"subscribe\",\"channel\":\"" + symbol + "@depth\"}"));
    }

    @Override
    public Subscription privateSubscriber(long user) {
        return new Subscription(path, List.of("{\"op\":\"auth\",\"token\":\"u" + user + "\"}",
                "{\"op\":\"subscribe\",\"channel\":\"@balance\"}"));
    }

    @Override
    public Publish publishPublic(String payload) {
        return json("/v1/mesh/publish", item("ex:" + symbol + "@depth", payload), 1);
    }

    @Override
    public Publish publishPrivate(long user, String payload) {
        return json("/v1/mesh/publish", item("ex:" + user + "@balance", payload), 1);
    }

    @Override
    public Publish publishBatch(List<String> payloads) {
        StringBuilder body = new StringBuilder(payloads.size() * 200).append('[');
        String channel = "ex:" + symbol + "@depth";
        for (int i = 0; i < payloads.size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(item(channel, payloads.get(i)));
        }
        return json("/v1/mesh/publish_batch", body.append(']').toString(), payloads.size());
    }

    @Override
    public boolean publishSucceeded(int status, String body) {
        return status == 200 && body.contains("\"E\":null");
    }

    private static String item(String channel, String payload) {
        return "{\"c\":\"" + channel + "\",\"d\":\"" + payload.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    private static Publish json(String path, String body, int messages) {
        return new Publish(path, body.getBytes(StandardCharsets.UTF_8), "application/json", messages);
    }
}
