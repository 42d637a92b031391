package io.mixgate.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ByteProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the size of the upgrade request (request line and headers, up to the blank line that
 * ends them) at {@code maxBytes}: a larger one gets 431 and the connection ends (see
 * {@link HttpRefusal}). Sits before the HTTP decoder and counts raw bytes, because the decoder's
 * own limits do not hold the whole request: over its header limit it hands on the headers read
 * so far, marked failed, which the WebSocket handshaker upgraded anyway. Removes itself once the
 * headers have ended. Lines may end in CRLF or LF, as the decoder accepts both.
 *
 * <p>One instance per connection, used on its event loop only; it forwards the buffers it reads
 * (ownership passes on) or releases them when it refuses.
 */
final class HandshakeSizeLimit extends ChannelInboundHandlerAdapter implements ByteProcessor {
    private static final Logger log = LoggerFactory.getLogger(HandshakeSizeLimit.class);

    private final int maxBytes;
    private int counted;
    private int lineLength;
    private boolean sawLine;
    private boolean ended;

    HandshakeSizeLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        buf.forEachByte(this);
        if (!ended && counted > maxBytes) {
            buf.release();
            log.debug("{} upgrade request over {} bytes: 431", ctx.channel().remoteAddress(), maxBytes);
            HttpRefusal.send(ctx, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "upgrade request too large: request line and headers may have at most " + maxBytes + " bytes");
            return;
        }
        if (ended) {
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(buf);
    }

    /** Counts one byte; stops at the end of the headers or one byte over the limit. */
    @Override
    public boolean process(byte b) {
        counted++;
        if (counted > maxBytes) {
            return false;
        }
        if (b == '\n') {
            if (lineLength == 0 && sawLine) {
                ended = true;
                return false;
            }
            sawLine |= lineLength > 0; // blank lines before the request line do not end anything
            lineLength = 0;
        } else if (b != '\r') {
            lineLength++;
        }
        return true;
    }
}
