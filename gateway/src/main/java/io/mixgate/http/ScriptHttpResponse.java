package io.mixgate.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Objects;

/**
 * The final response of one {@code mix.http.request} exchange, after redirects.
 *
 * @param status  the status code, e.g. 200
 * @param headers the response headers (case-insensitive names)
 * @param body    the whole body; owned by the receiver, never copied again
 * @param uri     the URI that produced this response (the last redirect's target)
 */
public record ScriptHttpResponse(int status, HttpHeaders headers, byte[] body, URI uri) {
    public ScriptHttpResponse {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(uri, "uri");
    }
}
