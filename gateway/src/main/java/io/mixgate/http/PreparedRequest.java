package io.mixgate.http;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Objects;

/**
 * A validated request of {@code mix.http.request}, ready to send by any {@link ScriptHttpClient}.
 *
 * <p>{@code request} is what the JDK client sends; its method, URI and headers were validated when
 * it was built, so other clients take those from it. Because a JDK body publisher cannot be read
 * back, the body travels beside it as {@code body}.
 *
 * @param request the request (method, URI, headers, body publisher)
 * @param body    the body bytes, or {@code null} when the request has no body; not copied, not to be modified
 * @param timeout the deadline for the whole exchange, from connecting to the last body byte
 */
public record PreparedRequest(HttpRequest request, byte[] body, Duration timeout) {
    public PreparedRequest {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(timeout, "timeout");
    }
}
