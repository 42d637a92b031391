package io.mixgate.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * One event loop's share of the fan-out: writes a frame to that loop's connections in one task
 * (instead of one cross-thread task per connection), and flushes every connection written to
 * once per batch — the flush task is queued behind the write tasks already waiting, so a burst
 * of messages to the same connections costs one flush (one syscall) per connection, not one per
 * message.
 *
 * <p>Thread safety: {@link #write} from any thread; all state is touched on the loop only.
 */
final class LoopBatch {
    private final EventLoop loop;
    private final List<NettyClientTransport> dirty = new ArrayList<>();
    private final Runnable flushTask = this::flushAll;
    private boolean flushQueued;

    LoopBatch(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * Writes {@code wire} to each of {@code targets}, all of which live on this loop.
     *
     * @param wire one reference owned by this call, released when the writes are queued
     */
    void write(ByteBuf wire, List<NettyClientTransport> targets) {
        if (loop.inEventLoop()) {
            writeNow(wire, targets);
            return;
        }
        try {
            loop.execute(() -> writeNow(wire, targets));
        } catch (RejectedExecutionException shuttingDown) {
            wire.release();
        }
    }

    private void writeNow(ByteBuf wire, List<NettyClientTransport> targets) {
        try {
            for (NettyClientTransport t : targets) {
                t.writeNoFlush(wire.retainedDuplicate());
                if (!t.flushPending) {
                    t.flushPending = true;
                    dirty.add(t);
                }
            }
        } finally {
            wire.release();
        }
        if (!flushQueued) {
            flushQueued = true;
            loop.execute(flushTask);
        }
    }

    private void flushAll() {
        flushQueued = false;
        for (NettyClientTransport t : dirty) {
            t.flushPending = false;
            t.flush();
        }
        dirty.clear();
    }
}
