package io.mixgate.transport;

import io.mixgate.config.ServerConfig;
import io.mixgate.session.ConnectionListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** Builds one client connection's pipeline; nothing else. */
final class WebSocketChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final ServerConfig config;
    private final ConnectionListener listener;
    private final ChannelGroup openChannels;
    private final WebSocketServerProtocolConfig protocolConfig;
    private final LongSupplier nanoClock;
    private final ByteBuf rateLimitReply;
    private final PerIpAcceptLimit perIpLimit; // null = no limit
    private final OriginCheckHandler originCheck;
    private final LongAdder slowCloses;
    private final WebSocketFormats formats;
    private final DeflateHandshaker deflate; // null = compression off
    private final ServerTls tls; // null = plain ws://

    /**
     * @param perIpLimit new connections per second per address, or null for none
     * @param slowCloses counts connections closed as slow consumers
     * @param formats    the server's wire formats, shared by its connections
     * @param tls        the server's TLS contexts, or null for plain {@code ws://}
     */
    WebSocketChannelInitializer(ServerConfig config, ConnectionListener listener, ChannelGroup openChannels,
                                PerIpAcceptLimit perIpLimit, LongSupplier nanoClock, LongAdder slowCloses,
                                WebSocketFormats formats, ServerTls tls) {
        this.slowCloses = slowCloses;
        this.formats = formats;
        this.tls = tls;
        this.deflate = config.compression().enabled() ? new DeflateHandshaker(config.compression(), config.maxFrameSize()) : null;
        this.config = config;
        this.listener = listener;
        this.openChannels = openChannels;
        this.perIpLimit = perIpLimit;
        this.nanoClock = nanoClock;
        this.rateLimitReply = Unpooled.unreleasableBuffer(
                Unpooled.wrappedBuffer(config.rateLimit().errorReply().getBytes(StandardCharsets.UTF_8)));
        this.originCheck = new OriginCheckHandler(new OriginPolicy(config.originRules()));
        this.protocolConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(config.path())
                .checkStartsWith(true) // lets a query string through; HttpFallbackHandler checks the exact path
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(config.handshakeTimeout().toMillis())
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(config.maxFrameSize())
                        .allowExtensions(config.compression().enabled()) // RSV1 marks a compressed message
                        // WebSocketSessionHandler answers every broken frame itself, so each gets exactly
                        // one close frame with the right code: with Netty answering, an invalid close
                        // code or a close reason that is not UTF-8 got a 1000
                        .closeOnProtocolViolation(false)
                        .withUTF8Validator(true)
                        .build())
                .build();
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = ConnectionPipeline.begin(channel, config, perIpLimit, openChannels, tls);
        if (pipeline == null) {
            return;
        }
        int maxHandshakeBytes = config.maxHandshakeBytes();
        pipeline.addLast(new HandshakeSizeLimit(maxHandshakeBytes));
        // the decoder's limits are a second line: HandshakeSizeLimit refuses first
        pipeline.addLast(new HttpServerCodec(maxHandshakeBytes, maxHandshakeBytes, 8192));
        pipeline.addLast(new HttpObjectAggregator(maxHandshakeBytes)); // bounds a body too (a GET upgrade has none)
        pipeline.addLast(new HttpFallbackHandler(config.path()));
        if (config.rateLimit().enabled()) {
            // before the protocol handler, which answers pings itself: pings must count too
            pipeline.addLast(new InboundRateLimitHandler(config.rateLimit(), rateLimitReply, nanoClock));
        }
        if (deflate != null) {
            pipeline.addLast(new WebSocketServerExtensionHandler(deflate));
        }
        pipeline.addLast(originCheck);
        pipeline.addLast(new WebSocketServerProtocolHandler(protocolConfig));
        pipeline.addLast(new HandshakeDeadline(config.handshakeTimeout()));
        pipeline.addLast(new WebSocketFrameAggregator(config.maxFrameSize()));
        pipeline.addLast(new WebSocketSessionHandler(listener, formats, config.writeTimeout(), config.writeDelay(), slowCloses));
    }
}
