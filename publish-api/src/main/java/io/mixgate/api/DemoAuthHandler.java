package io.mixgate.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.io.Receiver;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the auth callback of the exchange script: {@code POST <path>} with a token gives 200
 * {@code {"uid":N}} for a known token, 401 {@code {"error":"invalid token"}} otherwise, and 400
 * when the body holds no token in any form {@link AuthTokenReader} accepts.
 *
 * <p>Thread safety: immutable; runs on the I/O thread and never blocks.
 */
final class DemoAuthHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(DemoAuthHandler.class);
    private static final int MAX_BODY_SIZE = 8 * 1024;

    private final String path;
    private final Map<String, Long> tokens;
    private final AuthTokenReader tokenReader;
    private final ObjectMapper mapper;

    DemoAuthHandler(String path, Map<String, Long> tokens, ObjectMapper mapper) {
        this.path = path;
        this.tokens = Map.copyOf(tokens);
        this.tokenReader = new AuthTokenReader(mapper);
        this.mapper = mapper;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!exchange.getRequestPath().equals(path)) {
            reply(exchange, 404, "error", "unknown path " + exchange.getRequestPath());
        } else if (!exchange.getRequestMethod().equals(Methods.POST)) {
            exchange.getResponseHeaders().put(Headers.ALLOW, Methods.POST_STRING);
            reply(exchange, 405, "error", "method not allowed (expected: POST)");
        } else {
            Receiver receiver = exchange.getRequestReceiver();
            receiver.setMaxBufferSize(MAX_BODY_SIZE);
            receiver.receiveFullBytes(this::authenticate,
                    (ex, e) -> reply(ex, 400, "error", "unreadable body (expected: {\"token\":\"...\"} of at most "
                            + MAX_BODY_SIZE + " bytes)"));
        }
    }

    private void authenticate(HttpServerExchange exchange, byte[] body) {
        Optional<String> token = tokenReader.read(body);
        if (token.isEmpty()) {
            log.debug("Auth refused: no token in the body");
            reply(exchange, 400, "error", "unreadable body (expected: {\"token\":\"...\"})");
            return;
        }
        Long uid = tokens.get(token.get());
        if (uid == null) {
            log.debug("Auth refused: unknown token {}", masked(token.get()));
            reply(exchange, 401, "error", "invalid token");
            return;
        }
        log.debug("Auth accepted: token {} is uid {}", masked(token.get()), uid);
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(mapper.createObjectNode().put("uid", uid).toString());
    }

    private void reply(HttpServerExchange exchange, int status, String field, String message) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(mapper.createObjectNode().put(field, message).toString());
    }

    /** Enough of a token to tell tokens apart in a log, not enough to use it. */
    private static String masked(String token) {
        return token.length() <= 4 ? "****" : token.substring(0, 4) + "****";
    }
}
