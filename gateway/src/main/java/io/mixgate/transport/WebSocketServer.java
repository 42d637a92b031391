package io.mixgate.transport;

import io.mixgate.config.ServerConfig;
import io.mixgate.session.ConnectionListener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.util.function.LongSupplier;

/**
 * One {@code servers[]} entry: a WebSocket listener on its port and path, its connections
 * reported to a {@link ConnectionListener}. Not thread-safe: start and close from one thread.
 */
public final class WebSocketServer extends ListeningServer {
    private final ConnectionListener listener;
    private final LongSupplier nanoClock;
    private final WebSocketFormats formats;
    private final ServerTls tls; // null = plain ws://

    /** @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}) for the rate limits */
    public WebSocketServer(ServerConfig config, EventLoops loops, ConnectionListener listener, LongSupplier nanoClock) {
        this(config, loops, listener, nanoClock, null);
    }

    /**
     * A server that speaks TLS ({@code wss://}) with {@code tls}'s current context when it is not null.
     * The caller owns {@code tls} and closes it after this server.
     */
    public WebSocketServer(ServerConfig config, EventLoops loops, ConnectionListener listener, LongSupplier nanoClock,
                           ServerTls tls) {
        super(config, loops, "websocket server :" + config.port() + config.path(), nanoClock);
        this.tls = tls;
        this.listener = listener;
        this.nanoClock = nanoClock;
        this.formats = new WebSocketFormats(config.compression());
    }

    @Override
    ChannelHandler childHandler() {
        return new WebSocketChannelInitializer(config, listener, openChannels, perIpLimit, nanoClock, slowConsumerCloses,
                formats, tls);
    }

    /** Published or sent messages compressed since start: once per message and window, shared by its subscribers. */
    @Override
    public long compressedMessages() {
        return formats.compressions();
    }

    /** A going-away close frame to every upgraded client. */
    @Override
    void sayGoodbye() {
        openChannels.writeAndFlush(new CloseWebSocketFrame(1001, "server shutting down"),
                ch -> ch.pipeline().get(WebSocketSessionHandler.class) != null && isUpgraded(ch));
    }

    private static boolean isUpgraded(Channel ch) {
        return ch.pipeline().get(HttpServerCodec.class) == null;
    }
}
