package io.mixgate.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A market data provider for the upstream scenario: a WebSocket server on loopback that the
 * node's upstream connects to. It only accepts connections and hands each one (with the URL it
 * asked for) to the scenario, which streams frames on it; what the node sends is read and
 * dropped. One event loop of its own, so its CPU stays apart from the subscribers' loops.
 */
final class ProviderServer implements AutoCloseable {
    /** A connection the node opened, and the request URI of its handshake (it names the subscriptions). */
    record Connection(Channel channel, String uri) {
    }

    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("bench-provider", true));
    private final LinkedBlockingQueue<Connection> opened = new LinkedBlockingQueue<>();
    private final Channel server;

    ProviderServer(InetSocketAddress address) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65_536),
                                new WebSocketServerProtocolHandler("/", null, false, 65_536, false, true),
                                new Handshakes());
                    }
                })
                .bind(address).sync().channel();
    }

    /** The next connection whose URI contains {@code part}, waiting at most {@code millis}; null when none came. */
    Connection await(String part, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            long left = deadline - System.nanoTime();
            Connection c = opened.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (c == null || c.uri().contains(part) && c.channel().isActive()) {
                return c;
            }
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handshakes extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete done) {
                opened.add(new Connection(ctx.channel(), done.requestUri()));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
