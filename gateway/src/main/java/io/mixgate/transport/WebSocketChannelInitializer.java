package io.mixgate.transport;

import io.mixgate.config.ServerConfig;
import io.mixgate.session.ConnectionListener;
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
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** Builds one client connection's pipeline; nothing else. */
final class WebSocketChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final ServerConfig config;
    private final ConnectionListener listener;
    private final ChannelGroup openChannels;
    private final WebSocketServerProtocolConfig protocolConfig;
    private final OriginCheckHandler originCheck;

    WebSocketChannelInitializer(ServerConfig config, ConnectionListener listener, ChannelGroup openChannels) {
        this.config = config;
        this.listener = listener;
        this.openChannels = openChannels;
        this.originCheck = new OriginCheckHandler(new OriginPolicy(config.originRules()));
        this.protocolConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(config.path())
                .checkStartsWith(true) // lets a query string through; HttpFallbackHandler checks the exact path
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(config.handshakeTimeout().toMillis())
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(config.maxFrameSize())
                        .allowExtensions(false)
                        .closeOnProtocolViolation(true)
                        .withUTF8Validator(true)
                        .build())
                .build();
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        openChannels.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        long readTimeoutMillis = config.readTimeout().toMillis();
        if (readTimeoutMillis > 0) {
            pipeline.addLast(new IdleStateHandler(readTimeoutMillis, 0, 0, TimeUnit.MILLISECONDS));
        }
        int maxHandshakeBytes = config.maxHandshakeBytes();
        pipeline.addLast(new HandshakeSizeLimit(maxHandshakeBytes));
        // the decoder's limits are a second line: HandshakeSizeLimit refuses first
        pipeline.addLast(new HttpServerCodec(maxHandshakeBytes, maxHandshakeBytes, 8192));
        pipeline.addLast(new HttpObjectAggregator(maxHandshakeBytes)); // bounds a body too (a GET upgrade has none)
        pipeline.addLast(new HttpFallbackHandler(config.path()));
        pipeline.addLast(originCheck);
        pipeline.addLast(new WebSocketServerProtocolHandler(protocolConfig));
        pipeline.addLast(new HandshakeDeadline(config.handshakeTimeout()));
        pipeline.addLast(new WebSocketFrameAggregator(config.maxFrameSize()));
        pipeline.addLast(new WebSocketSessionHandler(listener, config.writeTimeout(), config.writeDelay()));
    }
}
