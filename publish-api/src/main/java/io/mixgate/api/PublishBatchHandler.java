package io.mixgate.api;

import io.mixgate.core.MeshOperations;
import io.mixgate.core.PublishResult;
import com.fasterxml.jackson.core.JsonFactory;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code POST /v1/mesh/publish_batch} — mixgate only, beyond CONNMIX: a JSON array of
 * {@code {"c","d","t"}} items, each published as by {@code /v1/mesh/publish}, in array order, in one
 * request. Answers {@code {"E":null,"r":{"n":items,"s":delivered,"f":failed}}} with the counts
 * summed over the items. The batch is validated whole first (see {@link BatchItems}); if the node
 * fails any item's publish the reply is 503, though earlier items may have gone out.
 *
 * <p>Thread safety: immutable; one instance serves every request.
 */
final class PublishBatchHandler implements HttpHandler {

    private final BodyReader bodies;
    private final JsonFactory json;
    private final MeshOperations mesh;
    private final MeshReply meshReply;
    private final ApiReplies replies;

    PublishBatchHandler(BodyReader bodies, JsonFactory json, MeshOperations mesh, MeshReply meshReply, ApiReplies replies) {
        this.bodies = bodies;
        this.json = json;
        this.mesh = mesh;
        this.meshReply = meshReply;
        this.replies = replies;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        bodies.read(exchange, this::onBody);
    }

    private void onBody(HttpServerExchange exchange, byte[] body) {
        List<BatchItems.Item> items;
        try {
            items = BatchItems.parse(json, body);
        } catch (InvalidArgumentException e) {
            replies.error(exchange, ApiError.INVALID_ARGUMENT, e.getMessage(), null);
            return;
        }
        meshReply.answer(exchange, "publish batch of " + items.size() + " messages", null,
                () -> publishAll(items),
                (ex, result) -> replies.ok(ex,
                        replies.object().put("n", items.size()).setAll(replies.publishCounts(result)), null));
    }

    /** Publishes every item; completes when all have, with the summed counts, or with the first failure. */
    private CompletionStage<PublishResult> publishAll(List<BatchItems.Item> items) {
        CompletableFuture<PublishResult> all = new CompletableFuture<>();
        AtomicInteger remaining = new AtomicInteger(items.size());
        AtomicLong delivered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        for (BatchItems.Item item : items) {
            CompletionStage<PublishResult> stage;
            try {
                stage = mesh.publish(item.channel(), item.data(), item.type());
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            if (stage == null) {
                stage = CompletableFuture.failedFuture(new IllegalStateException("the node returned no result"));
            }
            stage.whenComplete((result, failure) -> {
                if (failure != null) {
                    firstFailure.compareAndSet(null, failure);
                } else {
                    delivered.addAndGet(result.delivered());
                    failed.addAndGet(result.failed());
                }
                if (remaining.decrementAndGet() == 0) {
                    Throwable f = firstFailure.get();
                    if (f != null) {
                        all.completeExceptionally(f);
                    } else {
                        all.complete(new PublishResult(delivered.get(), failed.get()));
                    }
                }
            });
        }
        return all;
    }
}
