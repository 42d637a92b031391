package io.mixgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One scenario's figures against one target, printed as one JSON line so that a run's results
 * can be collected in a file and tabulated side by side. Not thread-safe.
 */
final class Result {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ObjectNode node = MAPPER.createObjectNode();

    Result(String scenario, String target, String label) {
        node.put("scenario", scenario);
        node.put("target", target);
        node.put("label", label);
    }

    Result put(String key, long value) {
        node.put(key, value);
        return this;
    }

    Result put(String key, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(key);
        } else {
            node.put(key, Math.round(value * 1000.0) / 1000.0);
        }
        return this;
    }

    Result put(String key, String value) {
        node.put(key, value);
        return this;
    }

    long getLong(String key) {
        return node.path(key).asLong();
    }

    ObjectNode json() {
        return node;
    }

    @Override
    public String toString() {
        return node.toString();
    }
}
