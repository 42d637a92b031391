package io.mixgate;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A small exchange for the upstream tests: a real WebSocket server on a free loopback port whose
 * {@link Behavior} answers connections and client frames (e.g. replaying a recorded session for
 * what was subscribed). Remembers every connection it accepted: its URI, the frames the client
 * sent, whether it is still open.
 */
final class ReplayExchange implements AutoCloseable {
    /** What the exchange does. Called on the connection's event loop. */
    interface Behavior {
        default void opened(Conn conn) {
        }

        default void received(Conn conn, String text) {
        }
    }

    /** One accepted connection. */
    static final class Conn {
        final String uri;
        final List<String> received = new CopyOnWriteArrayList<>();
        final Channel channel;
        /** Per-connection frame counter for behaviours that number frames (Blockchain.com's seqnum). */
        long seqnum;

        Conn(String uri, Channel channel) {
            this.uri = uri;
            this.channel = channel;
        }

        void send(String text) {
            channel.writeAndFlush(new TextWebSocketFrame(text));
        }

        /** Sends {@code text} every {@code millis} until the connection closes. */
        void every(long millis, String text) {
            channel.eventLoop().scheduleAtFixedRate(() -> {
                if (channel.isActive()) {
                    send(text);
                }
            }, millis, millis, TimeUnit.MILLISECONDS);
        }

        boolean open() {
            return channel.isActive();
        }

        void close() {
            channel.close();
        }
    }

    final List<Conn> connections = new CopyOnWriteArrayList<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    ReplayExchange(Behavior behavior) throws InterruptedException {
        this(behavior, null);
    }

    /** With {@code tls} (null: plain ws://). */
    ReplayExchange(Behavior behavior, SslContext tls) throws InterruptedException {
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/").checkStartsWith(true).maxFramePayloadLength(1 << 20).build();
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler(config), new Handler(behavior));
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    String url(String path) {
        return "ws://127.0.0.1:" + port() + path;
    }

    List<Conn> open() {
        return connections.stream().filter(Conn::open).toList();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final Behavior behavior;
        private Conn conn;

        Handler(Behavior behavior) {
            this.behavior = behavior;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete done) {
                conn = new Conn(done.requestUri(), ctx.channel());
                connections.add(conn);
                behavior.opened(conn);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            String text = frame.text();
            conn.received.add(text);
            behavior.received(conn, text);
        }
    }
}
