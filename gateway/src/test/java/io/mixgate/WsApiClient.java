package io.mixgate;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * A back-office client of a node's WebSocket API ({@code /ws/v1}) over a real WebSocket:
 * requests with ids, replies matched by id, {@code queue.pop} events kept apart. Not
 * thread-safe: one test thread drives it.
 */
final class WsApiClient implements AutoCloseable {
    private final WsClient socket;
    private final Map<Long, JsonNode> replies = new HashMap<>();
    private final Deque<JsonNode> events = new ArrayDeque<>();
    private long nextId = 1;

    private WsApiClient(WsClient socket) {
        this.socket = socket;
    }

    static WsApiClient connect(TestNode node) {
        return new WsApiClient(WsClient.connect(URI.create("ws://127.0.0.1:" + node.gateway.apiPort() + "/ws/v1")));
    }

    /** Sends {@code {"m":method,"p":params,"i":id}} without waiting; returns the id. */
    long send(String method, JsonNode params) {
        long id = nextId++;
        ObjectNode request = Probe.JSON.createObjectNode().put("m", method);
        request.set("p", params);
        request.put("i", id);
        socket.send(request.toString());
        return id;
    }

    /** Sends a request and waits for its reply (events arriving meanwhile are kept). */
    JsonNode call(String method, JsonNode params) throws Exception {
        return reply(send(method, params));
    }

    /** The reply to request {@code id}, waiting for it. */
    JsonNode reply(long id) throws Exception {
        while (!replies.containsKey(id)) {
            take();
        }
        return replies.remove(id);
    }

    /** The next {@code queue.pop} (or other) event, waiting for it. */
    JsonNode nextEvent() throws Exception {
        while (events.isEmpty()) {
            take();
        }
        return events.poll();
    }

    /**
     * Leaves with a close handshake: events the node wrote before it saw the close are still
     * received, and can be taken with {@link #pollEvent}.
     */
    void leave() {
        socket.closeGracefully();
    }

    /** An event already received (after {@link #leave}, say), or null: does not wait. */
    JsonNode pollEvent() throws Exception {
        if (!events.isEmpty()) {
            return events.poll();
        }
        for (WsClient.Message m = socket.poll(); m != null; m = socket.poll()) {
            JsonNode message = Probe.JSON.readTree(m.text());
            if (message.has("e")) {
                return message;
            }
        }
        return null;
    }

    /** Whether {@code result} is {@code {"E":null,"r":{"s":true}}}-like: no error. */
    static JsonNode ok(JsonNode reply) {
        if (!reply.path("E").isNull()) {
            fail("the API answered an error: " + reply);
        }
        return reply.get("r");
    }

    private void take() throws Exception {
        JsonNode message = Probe.JSON.readTree(socket.nextText());
        if (message.has("e")) {
            events.add(message);
        } else if (message.hasNonNull("i")) {
            replies.put(message.get("i").asLong(), message);
        } else {
            fail("a message that is neither an event nor a reply with an id: " + message);
        }
    }

    /** Drops the connection at once, without a close handshake (a worker that crashed). */
    void abort() {
        socket.close();
    }

    @Override
    public void close() {
        socket.close();
    }
}
