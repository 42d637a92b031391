package io.mixgate.transport.http;

import io.mixgate.http.ResponseTooLargeException;
import io.mixgate.http.ScriptHttpResponse;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClientResponse;

/**
 * Collects one response body straight into a {@code byte[]} under a per-request limit: refused up
 * front when {@code Content-Length} announces more, otherwise as soon as the bytes received pass
 * it, so a chunked or close-delimited body cannot exhaust the heap.
 *
 * <p>Buffers: Reactor Netty owns the {@link ByteBuf}s of {@code content} and releases each after
 * {@link #append} returned; this class only copies out of them. One instance per response, fed by
 * one event loop.
 */
final class ResponseCollector {

    private static final int MIN_CHUNKED_BODY_CAPACITY = 1024;

    private final int limit;
    private byte[] body;
    private int length;

    private ResponseCollector(int limit, int initialCapacity) {
        this.limit = limit;
        this.body = new byte[initialCapacity];
    }

    /** The response, or a {@link ResponseTooLargeException}; consumes {@code content}. */
    static Mono<ScriptHttpResponse> collect(HttpClientResponse response, ByteBufFlux content, int limit, URI uri) {
        boolean head = response.method().equals(HttpMethod.HEAD);
        long declared = head ? -1 : contentLength(response);
        if (declared > limit) {
            return Mono.error(new ResponseTooLargeException(limit)); // the connection closes unread
        }
        ResponseCollector collector = new ResponseCollector(limit,
                declared >= 0 ? (int) declared : Math.min(limit, MIN_CHUNKED_BODY_CAPACITY));
        HttpHeaders headers = javaHeaders(response.responseHeaders());
        int status = response.status().code();
        return content
                .handle((ByteBuf buf, reactor.core.publisher.SynchronousSink<Void> sink) -> {
                    if (!collector.append(buf)) {
                        sink.error(new ResponseTooLargeException(limit));
                    }
                })
                .then(Mono.fromSupplier(() -> new ScriptHttpResponse(status, headers, collector.bytes(), uri)));
    }

    private boolean append(ByteBuf data) {
        int readable = data.readableBytes();
        if ((long) length + readable > limit) {
            body = null;
            return false;
        }
        if (length + readable > body.length) {
            body = Arrays.copyOf(body, Math.min(limit, Math.max(length + readable, body.length * 2)));
        }
        data.getBytes(data.readerIndex(), body, length, readable);
        length += readable;
        return true;
    }

    private byte[] bytes() {
        return length == body.length ? body : Arrays.copyOf(body, length);
    }

    private static long contentLength(HttpClientResponse response) {
        String value = response.responseHeaders().get(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1; // the decoder has already judged the framing; let the body decide
        }
    }

    private static HttpHeaders javaHeaders(io.netty.handler.codec.http.HttpHeaders netty) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> header : netty) {
            map.computeIfAbsent(header.getKey(), k -> new ArrayList<>(1)).add(header.getValue());
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }
}
