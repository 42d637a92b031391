package io.mixgate.http;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body into a {@code byte[]}, but gives up with {@link ResponseTooLargeException} as
 * soon as the body is known to exceed a limit: up front from {@code Content-Length}, otherwise
 * while streaming, so a chunked body cannot exhaust the heap.
 *
 * <p>One instance per response; the HTTP client delivers its signals one at a time, as the
 * Flow contract requires, so no further synchronisation is needed. The byte buffers handed to
 * {@link #onNext} are kept until {@link #onComplete} and then dropped.
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    private final long limit;
    private final long declaredLength;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final List<ByteBuffer> parts = new ArrayList<>();
    private Flow.Subscription subscription;
    private long received;

    private BoundedBodySubscriber(long limit, long declaredLength) {
        this.limit = limit;
        this.declaredLength = declaredLength;
    }

    /** A body handler whose bodies are at most {@code limit} bytes. */
    static HttpResponse.BodyHandler<byte[]> handler(long limit) {
        return info -> new BoundedBodySubscriber(limit,
                info.headers().firstValueAsLong("Content-Length").orElse(-1L));
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declaredLength > limit) {
            fail();
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            received += item.remaining();
            if (received > limit) {
                fail();
                return;
            }
            parts.add(item);
        }
    }

    @Override
    public void onError(Throwable error) {
        parts.clear();
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        if (result.isDone()) {
            return;
        }
        byte[] body = new byte[(int) received];
        int position = 0;
        for (ByteBuffer part : parts) {
            int length = part.remaining();
            part.get(body, position, length);
            position += length;
        }
        parts.clear();
        result.complete(body);
    }

    private void fail() {
        parts.clear();
        subscription.cancel();
        result.completeExceptionally(new ResponseTooLargeException(limit));
    }
}
