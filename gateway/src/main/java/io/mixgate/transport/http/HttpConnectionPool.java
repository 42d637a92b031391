package io.mixgate.transport.http;

import io.mixgate.transport.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Plain-TCP HTTP/1.1 connections of {@code mix.http.request}, kept alive per host and port.
 *
 * <p>Idle connections are reused last-in first-out, so a burst leaves the extra connections idle
 * long enough to close: after {@link #IDLE_TIMEOUT} without traffic a connection closes itself, and
 * at most {@link #MAX_IDLE_PER_HOST} wait per host. Host names are resolved on a virtual thread,
 * never on an event loop (Netty's default resolver blocks the loop).
 *
 * <p>Thread-safe: {@link #pollIdle} and {@link #connect} are called from any thread.
 */
final class HttpConnectionPool implements AutoCloseable {

    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_IDLE_PER_HOST = 256;
    /** Go's default limit on response headers is 1 MiB (10 for the whole head); Netty's 8 KiB is too tight. */
    private static final int MAX_HEADER_BYTES = 1 << 20;

    /** Which idle list a connection returns to: host and port as the request URI spelled them. */
    private static final AttributeKey<String> POOL_KEY = AttributeKey.valueOf("mixgate.http.pool");

    private final Bootstrap bootstrap;
    private final Map<String, ArrayDeque<Channel>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    HttpConnectionPool(EventLoops loops) {
        this.bootstrap = new Bootstrap()
                .group(loops.workers())
                .channel(loops.clientChannelClass())
                .resolver(NoopAddressResolverGroup.INSTANCE) // addresses arrive resolved
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        HttpExchangeHandler exchange = new HttpExchangeHandler(HttpConnectionPool.this::release);
                        ch.pipeline().addLast(
                                new FirstByteWatch(exchange),
                                new IdleStateHandler(IDLE_TIMEOUT.toSeconds(), 0, 0, TimeUnit.SECONDS),
                                new HttpClientCodec(4096, MAX_HEADER_BYTES, 8192),
                                exchange);
                    }
                });
    }

    /** An idle, open connection to {@code host:port}, taken out of the pool; or null. */
    Channel pollIdle(String host, int port) {
        ArrayDeque<Channel> channels = idle.get(key(host, port));
        if (channels == null) {
            return null;
        }
        synchronized (channels) {
            Channel channel;
            while ((channel = channels.pollFirst()) != null) {
                if (channel.isActive()) {
                    return channel;
                }
            }
            return null;
        }
    }

    /**
     * Opens a new connection. Fails with {@link UnknownHostException},
     * {@link ConnectException} or {@link HttpConnectTimeoutException}; cancelling the future closes
     * the connection.
     */
    CompletableFuture<Channel> connect(String host, int port, Duration timeout) {
        CompletableFuture<Channel> connected = new CompletableFuture<>();
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) {
            connect(literalAddress(host, literal, port), key(host, port), timeout, connected);
        } else {
            Thread.ofVirtual().name("mix-http-resolve").start(() -> {
                try {
                    connect(new InetSocketAddress(InetAddress.getByName(host), port), key(host, port), timeout, connected);
                } catch (UnknownHostException e) {
                    connected.completeExceptionally(e);
                }
            });
        }
        return connected;
    }

    private void connect(InetSocketAddress address, String key, Duration timeout, CompletableFuture<Channel> connected) {
        if (connected.isDone()) {
            return; // cancelled while resolving
        }
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        ChannelFuture connecting = bootstrap.clone().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis).connect(address);
        Channel channel = connecting.channel();
        channel.attr(POOL_KEY).set(key);
        connected.whenComplete((c, e) -> {
            if (connected.isCancelled()) {
                channel.close();
            }
        });
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                if (!connected.complete(channel)) {
                    channel.close();
                }
            } else {
                connected.completeExceptionally(connectFailure(f.cause()));
            }
        });
    }

    /** Same exceptions as the JDK client, so that scripts read the same error whichever client sent. */
    private static Throwable connectFailure(Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            HttpConnectTimeoutException timeout = new HttpConnectTimeoutException("connect timed out");
            timeout.initCause(cause);
            return timeout;
        }
        if (cause instanceof ConnectException && cause.getMessage() != null
                && cause.getMessage().contains("Connection refused")) {
            ConnectException refused = new ConnectException(); // the JDK's carries no message either
            refused.initCause(cause);
            return refused;
        }
        return cause;
    }

    /** Takes a connection back after a complete keep-alive response; on its event loop. */
    private void release(Channel channel) {
        String key = channel.attr(POOL_KEY).get();
        if (closed || key == null) {
            channel.close();
            return;
        }
        ArrayDeque<Channel> channels = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
        boolean pooled;
        synchronized (channels) {
            if (channels.size() >= MAX_IDLE_PER_HOST) {
                channels.removeIf(c -> !c.isActive()); // closed by their servers while idle
            }
            pooled = channels.size() < MAX_IDLE_PER_HOST && channels.offerFirst(channel);
        }
        if (!pooled) {
            channel.close();
        }
    }

    private static String key(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static InetSocketAddress literalAddress(String host, byte[] address, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(host, address), port);
        } catch (UnknownHostException e) {
            throw new AssertionError("a literal address has a valid length", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (ArrayDeque<Channel> channels : idle.values()) {
            synchronized (channels) {
                channels.forEach(Channel::close);
                channels.clear();
            }
        }
    }

    /** Tells the exchange that the server has sent something, so a failure is no longer retried. */
    private static final class FirstByteWatch extends ChannelInboundHandlerAdapter {
        private final HttpExchangeHandler exchange;

        FirstByteWatch(HttpExchangeHandler exchange) {
            this.exchange = exchange;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf && buf.isReadable()) {
                exchange.bytesArrived();
            }
            ctx.fireChannelRead(msg);
        }
    }
}
