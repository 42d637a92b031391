package io.mixgate.api;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;

/**
 * Reads the messages of one {@code /ws/v1} connection without blocking: a whole text message (all
 * its fragments) up to {@code maxMessageSize} bytes is handed over as bytes. A larger text
 * message, or a binary one, is read to its end and thrown away, and handed over as a refusal, so
 * that the connection stays usable (Undertow's own size limit would close it with 1009). Memory
 * per message is bounded by the limit whatever the client sends. Ping frames are answered with
 * pongs by Undertow ({@link AbstractReceiveListener}).
 *
 * <p>Thread safety: called by Undertow on the connection's I/O thread only; the listener is too.
 */
final class WsMessageReader extends AbstractReceiveListener {

    private static final Logger log = LoggerFactory.getLogger(WsMessageReader.class);

    /** Where complete messages go. Called on the connection's I/O thread. */
    interface Listener {
        /** A text message within the limit; the array is the listener's. */
        void onText(byte[] message);

        /** A message that is not served (binary, or over the limit); {@code reason} says why, for a 101 reply. */
        void onRefused(String reason);
    }

    private final int maxMessageSize;
    private final Listener listener;

    WsMessageReader(int maxMessageSize, Listener listener) {
        this.maxMessageSize = maxMessageSize;
        this.listener = listener;
    }

    @Override
    protected void onText(WebSocketChannel channel, StreamSourceFrameChannel message) {
        new Reading(true).handleEvent(message);
    }

    @Override
    protected void onBinary(WebSocketChannel channel, StreamSourceFrameChannel message) {
        new Reading(false).handleEvent(message);
    }

    @Override
    protected void onError(WebSocketChannel channel, Throwable error) {
        log.debug("Closing /ws/v1 connection from {}: {}", channel.getPeerAddress(), error.toString());
        IoUtils.safeClose(channel);
    }

    /** The reading of one message, resumed whenever more of it arrives. */
    private final class Reading implements ChannelListener<StreamSourceFrameChannel> {
        private final boolean text;
        private ByteArrayOutputStream kept;
        private long size;

        Reading(boolean text) {
            this.text = text;
            this.kept = text ? new ByteArrayOutputStream(256) : null;
        }

        @Override
        public void handleEvent(StreamSourceFrameChannel message) {
            try (PooledByteBuffer pooled = message.getWebSocketChannel().getBufferPool().allocate()) {
                ByteBuffer buffer = pooled.getBuffer();
                for (;;) {
                    buffer.clear();
                    int read = message.read(buffer);
                    if (read == -1) {
                        message.getReadSetter().set(null);
                        finished();
                        return;
                    }
                    if (read == 0) {
                        message.getReadSetter().set(this);
                        message.resumeReads();
                        return;
                    }
                    keep(buffer, read);
                }
            } catch (IOException e) {
                message.suspendReads();
                onError(message.getWebSocketChannel(), e);
            }
        }

        private void keep(ByteBuffer buffer, int read) {
            size += read;
            if (kept == null) {
                return;
            }
            if (size > maxMessageSize) {
                kept = null; // over the limit: the rest is counted, not kept
                return;
            }
            buffer.flip();
            byte[] chunk = new byte[read];
            buffer.get(chunk);
            kept.write(chunk, 0, read);
        }

        private void finished() {
            if (!text) {
                listener.onRefused("binary message of " + size + " bytes: /ws/v1 takes JSON requests in text messages");
            } else if (size > maxMessageSize) {
                listener.onRefused("message of " + size + " bytes over the limit of " + maxMessageSize);
            } else {
                listener.onText(kept.toByteArray());
            }
        }
    }
}
