package io.mixgate.api;

import io.undertow.server.HttpServerExchange;

/**
 * One API operation that takes a JSON object body, such as {@code mesh.publish}.
 *
 * <p>Called on the exchange's I/O thread inside a handler call, so it must not block; it answers
 * the exchange itself, at once or later. Implementations are shared by all requests and must be
 * thread-safe.
 */
@FunctionalInterface
interface JsonEndpoint {

    /**
     * Handles one request.
     *
     * @throws InvalidArgumentException when a field is missing or mistyped; the caller answers
     *                                  HTTP 400 with code 101 and the exception's message
     */
    void handle(HttpServerExchange exchange, RequestFields fields) throws InvalidArgumentException;
}
