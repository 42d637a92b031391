package io.mixgate.api;

import io.mixgate.core.RateLimitedLog;
import io.mixgate.core.PublishResult;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every reply of the back-office API: CONNMIX's envelope {@code {"E":error|null,"r":result|null,"i":id}}
 * ({@code "i"} only when the request carried an id), or a bare JSON document, always as
 * {@code application/json}.
 *
 * <p>Thread safety: stateless apart from a thread-safe {@link ObjectMapper}; call it on the
 * exchange's I/O thread, or from a dispatched task that owns the exchange. Each method ends the
 * exchange (the response sender does once the body is written); none blocks.
 */
final class ApiReplies {

    private static final Logger log = LoggerFactory.getLogger(ApiReplies.class);
    /** Repeating warnings: at most a few lines a minute per call site, then a count (one budget per call site, like the logger). */
    private static final RateLimitedLog unexpected = new RateLimitedLog(log::error);
    private static final String JSON = "application/json";

    private final ObjectMapper mapper;

    ApiReplies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A fresh object node for building a result. */
    ObjectNode object() {
        return mapper.createObjectNode();
    }

    /**
     * A publish's counts: {@code {"s":delivered,"f":failed}}, plus {@code "u"} (nodes that received
     * the message but did not report their counts in time) only when there are such nodes.
     */
    ObjectNode publishCounts(PublishResult result) {
        ObjectNode counts = object().put("s", result.delivered()).put("f", result.failed());
        if (result.unconfirmed() > 0) {
            counts.put("u", result.unconfirmed());
        }
        return counts;
    }

    /** HTTP 200 with {@code {"E":null,"r":result}}. */
    void ok(HttpServerExchange exchange, JsonNode result, JsonNode requestId) {
        ObjectNode envelope = mapper.createObjectNode();
        envelope.putNull("E");
        envelope.set("r", result);
        putId(envelope, requestId);
        json(exchange, 200, envelope);
    }

    /** {@code {"E":{"c":code,"m":message},"r":null}} with the error's default HTTP status. */
    void error(HttpServerExchange exchange, ApiError error, String message, JsonNode requestId) {
        error(exchange, error.httpStatus(), error, message, requestId);
    }

    /** {@code {"E":{"c":code,"m":message},"r":null}} with an explicit HTTP status. */
    void error(HttpServerExchange exchange, int httpStatus, ApiError error, String message, JsonNode requestId) {
        ObjectNode envelope = mapper.createObjectNode();
        envelope.putObject("E").put("c", error.code()).put("m", message);
        envelope.putNull("r");
        putId(envelope, requestId);
        json(exchange, httpStatus, envelope);
    }

    /**
     * The last resort for a bug in the API itself: logs it once at ERROR and answers 500 with
     * {@link ApiError#INTERNAL}, or just ends the exchange when a response has already begun.
     */
    void unexpected(HttpServerExchange exchange, Throwable failure) {
        unexpected.log("Unexpected failure answering {} {}", exchange.getRequestMethod(), exchange.getRequestPath(), failure);
        if (exchange.isResponseStarted()) {
            exchange.endExchange();
            return;
        }
        error(exchange, ApiError.INTERNAL, "internal error: " + failure, null);
    }

    /** Any JSON document with the given HTTP status. */
    void json(HttpServerExchange exchange, int httpStatus, JsonNode body) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise a JSON tree", e);
        }
        exchange.setStatusCode(httpStatus);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON);
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }

    private static void putId(ObjectNode envelope, JsonNode requestId) {
        if (requestId != null && !requestId.isNull()) {
            envelope.set("i", requestId);
        }
    }
}
