package io.mixgate.transport;

import io.mixgate.config.CompressionConfig;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;

/**
 * Negotiates permessage-deflate with Netty's handshaker (offer parsing, the response, and the
 * inflating decoder, whose output per frame is capped at {@code maxFrameSize}: a decompression
 * bomb fails the connection with 1009), but keeps compression for itself: the encoder Netty would
 * add is replaced by {@link DeflateNegotiated}, because mixgate compresses each published message
 * once for every subscriber ({@link DeflateFrameFormat}) instead of once per connection.
 *
 * <p>Thread-safe; one instance serves a server's handshakes.
 */
final class DeflateHandshaker implements WebSocketServerExtensionHandshaker {
    private static final String SERVER_MAX_WINDOW = "server_max_window_bits";

    private final PerMessageDeflateServerExtensionHandshaker netty;
    private final int serverMaxWindowBits;

    /** @param maxInflatedBytes the most one inbound frame may inflate to */
    DeflateHandshaker(CompressionConfig config, int maxInflatedBytes) {
        this.serverMaxWindowBits = config.serverMaxWindowBits();
        this.netty = new PerMessageDeflateServerExtensionHandshaker(config.level(),
                true, // a client may ask for a smaller server window: the shared compression honours it
                config.clientMaxWindowBits(),
                true, // server_no_context_takeover: the server never keeps context anyway
                config.clientNoContextTakeover(),
                WebSocketExtensionFilterProvider.DEFAULT,
                maxInflatedBytes);
    }

    @Override
    public WebSocketServerExtension handshakeExtension(WebSocketExtensionData offer) {
        WebSocketServerExtension accepted = netty.handshakeExtension(offer);
        if (accepted == null) {
            return null;
        }
        WebSocketExtensionData response = accepted.newReponseData();
        String asked = response.parameters().get(SERVER_MAX_WINDOW);
        int window = asked == null ? serverMaxWindowBits : Math.min(serverMaxWindowBits, Integer.parseInt(asked));
        return new WebSocketServerExtension() {
            @Override
            public int rsv() {
                return accepted.rsv();
            }

            @Override
            public WebSocketExtensionEncoder newExtensionEncoder() {
                return new DeflateNegotiated(window);
            }

            @Override
            public WebSocketExtensionDecoder newExtensionDecoder() {
                return accepted.newExtensionDecoder();
            }

            @Override
            public WebSocketExtensionData newReponseData() {
                return response;
            }
        };
    }
}
