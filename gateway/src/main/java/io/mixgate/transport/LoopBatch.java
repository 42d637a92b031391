package io.mixgate.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of the fan-out: writes a frame to that loop's connections in one task
 * (instead of one cross-thread task per connection), and flushes every connection written to
 * once per batch — the flush task is queued behind the write tasks already waiting, so a burst
 * of messages to the same connections costs one flush (one syscall) per connection, not one per
 * message.
 *
 * <p>Connections of a server with a {@code writeDelay} are flushed by a timer instead, that long
 * after the first unflushed write, so every message to them within the delay leaves in one write.
 *
 * <p>Thread safety: {@link #write} from any thread; all state is touched on the loop only.
 */
final class LoopBatch {
    private final EventLoop loop;
    private final FlushGroup immediate;
    /** One group per distinct write delay among this loop's connections: in practice one per server. */
    private final List<FlushGroup> delayed = new ArrayList<>(2);

    LoopBatch(EventLoop loop) {
        this.loop = loop;
        this.immediate = new FlushGroup(0);
    }

    /**
     * Writes {@code wire} to each of {@code targets}, all of which live on this loop.
     *
     * @param wire one reference owned by this call, released when the writes are queued
     */
    void write(ByteBuf wire, List<ChannelTransport> targets) {
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

    private void writeNow(ByteBuf wire, List<ChannelTransport> targets) {
        try {
            for (ChannelTransport t : targets) {
                t.writeNoFlush(wire.retainedDuplicate());
                if (!t.flushPending) {
                    t.flushPending = true;
                    groupFor(t.writeDelayNanos).add(t);
                }
            }
        } finally {
            wire.release();
        }
    }

    private FlushGroup groupFor(long delayNanos) {
        if (delayNanos == 0) {
            return immediate;
        }
        for (FlushGroup g : delayed) {
            if (g.delayNanos == delayNanos) {
                return g;
            }
        }
        FlushGroup g = new FlushGroup(delayNanos);
        delayed.add(g);
        return g;
    }

    /** Connections waiting for the same flush: the next loop turn, or a timer {@code delayNanos} away. */
    private final class FlushGroup implements Runnable {
        private final long delayNanos;
        private final List<ChannelTransport> dirty = new ArrayList<>();
        private boolean queued;

        FlushGroup(long delayNanos) {
            this.delayNanos = delayNanos;
        }

        void add(ChannelTransport t) {
            dirty.add(t);
            if (queued) {
                return;
            }
            queued = true;
            if (delayNanos == 0) {
                loop.execute(this);
            } else {
                loop.schedule(this, delayNanos, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void run() {
            queued = false;
            for (ChannelTransport t : dirty) {
                t.flushPending = false;
                t.flush();
            }
            dirty.clear();
        }
    }
}
