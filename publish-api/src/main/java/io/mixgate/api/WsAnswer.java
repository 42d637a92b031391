package io.mixgate.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer to one {@code /ws/v1} request before it is written: a result, or an error code and
 * its message.
 *
 * <p>Immutable.
 *
 * @param result  the {@code "r"} of a success; null for an error
 * @param error   the error, or null for a success
 * @param message the error's message; null for a success
 */
record WsAnswer(JsonNode result, ApiError error, String message) {

    static WsAnswer ok(JsonNode result) {
        return new WsAnswer(result, null, null);
    }

    static WsAnswer error(ApiError error, String message) {
        return new WsAnswer(null, error, message);
    }
}
