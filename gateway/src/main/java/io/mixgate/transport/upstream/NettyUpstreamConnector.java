package io.mixgate.transport.upstream;

import io.mixgate.transport.EventLoops;
import io.mixgate.upstream.UpstreamConnector;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import javax.net.ssl.SSLException;

/**
 * Opens upstream WebSocket connections ({@code ws://} and {@code wss://}) on the node's own event
 * loops. TLS checks the provider's certificate against the JDK's trust store and sends SNI.
 * Messages (fragments joined, at most {@code maxMessageSize} bytes) go to the connection's
 * {@link UpstreamConnector.Events} on the event loop; pings are answered by Netty.
 *
 * <p>Thread-safe.
 */
public final class NettyUpstreamConnector implements UpstreamConnector {
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final EventLoops loops;
    private final SslContext tls;

    public NettyUpstreamConnector(EventLoops loops) {
        this(loops, defaultTls());
    }

    /** With {@code tls} for {@code wss://} (tests trust their own certificate). */
    public NettyUpstreamConnector(EventLoops loops, SslContext tls) {
        this.loops = loops;
        this.tls = tls;
    }

    private static SslContext defaultTls() {
        try {
            return SslContextBuilder.forClient().build(); // the JDK's default trust store
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the upstream TLS client context", e);
        }
    }

    @Override
    public void open(URI url, int maxMessageSize, Events events) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean secure = scheme.equals("wss");
        if (!secure && !scheme.equals("ws") || url.getHost() == null) {
            events.closed("not a ws:// or wss:// URL: " + url);
            return;
        }
        String host = url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : secure ? 443 : 80;
        WebSocketClientProtocolConfig protocol = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(url)
                .version(WebSocketVersion.V13)
                .maxFramePayloadLength(maxMessageSize)
                .customHeaders(new DefaultHttpHeaders())
                .handleCloseFrames(true)
                .dropPongFrames(true)
                .build();
        UpstreamFrameHandler handler = new UpstreamFrameHandler(events);
        Bootstrap bootstrap = new Bootstrap()
                .group(loops.workers())
                .channel(loops.clientChannelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (secure) {
                            p.addLast(tls.newHandler(ch.alloc(), host, port));
                        }
                        p.addLast(new HttpClientCodec());
                        p.addLast(new HttpObjectAggregator(65536));
                        p.addLast(new WebSocketClientProtocolHandler(protocol));
                        p.addLast(new WebSocketFrameAggregator(maxMessageSize));
                        p.addLast(handler);
                    }
                });
        ChannelFuture connect = bootstrap.connect(host, port);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                handler.failed("cannot connect to " + host + ":" + port + ": " + f.cause());
            }
        });
    }

}
