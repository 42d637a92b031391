package io.mixgate.api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * HTTP routes of the API server answered by the node's scripts ({@code routes[]} in the config):
 * the API server matches a request's method and path against {@link #routes()}, checks the
 * route's access with the API's own access control, reads the body (bounded by
 * {@code apiServer.maxBodySize}) and hands a plain {@link Request} to {@link #answer}. Free of any
 * server library on purpose: the node implements it without seeing Undertow.
 *
 * <p>Thread safety: implementations are thread-safe; {@link #answer} never blocks the caller.
 */
public interface ScriptRoutes {

    /** Who may call a route. */
    enum Access {
        /** Anyone, without credentials. Only when the operator wrote {@code role: public}. */
        PUBLIC,
        /** The API's read role. */
        READ,
        /** The API's write role. */
        WRITE
    }

    /**
     * One route.
     *
     * @param method an HTTP method, upper case
     * @param path   a path template, e.g. {@code /api/ohlcv/{pair}}: a {@code {name}} segment matches
     *               any one non-empty segment and is passed in {@link Request#params()}
     */
    record Route(String method, String path, Access access) {
    }

    /**
     * What a route function gets.
     *
     * @param params  the template's {@code {name}} segments, URL-decoded
     * @param query   query parameters, URL-decoded; the first value of a repeated one
     * @param headers request headers, names lower case; the first value of a repeated one
     * @param body    the body as read, empty when none
     */
    record Request(String method, String path, Map<String, String> params, Map<String, String> query,
                   Map<String, String> headers, byte[] body) {
    }

    /**
     * What the function answered.
     *
     * @param headers response headers to set (including {@code Content-Type})
     */
    record Response(int status, byte[] body, Map<String, String> headers) {
    }

    /** The routes, in the order the config lists them (the first that matches wins). */
    List<Route> routes();

    /**
     * Runs route {@code index}'s function.
     *
     * @return completes with the function's answer, or exceptionally with a
     *         {@link RouteFailedException} (the script failed: 500 with its message) or a
     *         {@link java.util.concurrent.TimeoutException} (no answer in time: 504)
     */
    CompletionStage<Response> answer(int index, Request request);

    /** The route's script failed; the message says how (script, line, error). */
    final class RouteFailedException extends RuntimeException {
        public RouteFailedException(String message) {
            super(message, null, false, false);
        }
    }
}
