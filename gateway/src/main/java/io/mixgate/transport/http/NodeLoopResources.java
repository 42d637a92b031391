package io.mixgate.transport.http;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.lang.reflect.InvocationTargetException;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Hands Reactor Netty the node's own I/O event loops and their TCP channel class (epoll, io_uring
 * or NIO, as {@code EventLoops} chose), so the script HTTP client adds no threads of its own.
 *
 * <p>Does not own the loops: disposing it does nothing; the node shuts them down. Thread-safe
 * (immutable).
 */
final class NodeLoopResources implements LoopResources {

    private final EventLoopGroup loops;
    private final Class<? extends SocketChannel> channelClass;

    NodeLoopResources(EventLoopGroup loops, Class<? extends SocketChannel> channelClass) {
        this.loops = Objects.requireNonNull(loops, "loops");
        this.channelClass = Objects.requireNonNull(channelClass, "channelClass");
    }

    @Override
    public EventLoopGroup onServer(boolean useNative) {
        return loops;
    }

    @Override
    public EventLoopGroup onClient(boolean useNative) {
        return loops;
    }

    @Override
    public EventLoopGroup onServerSelect(boolean useNative) {
        return loops;
    }

    @Override
    public <C extends Channel> Class<? extends C> onChannelClass(Class<C> type, EventLoopGroup group) {
        if (!type.isAssignableFrom(channelClass)) {
            throw new UnsupportedOperationException("only TCP client channels run on the node's loops, not " + type);
        }
        return channelClass.asSubclass(type);
    }

    @Override
    public <C extends Channel> C onChannel(Class<C> type, EventLoopGroup group) {
        try {
            return onChannelClass(type, group).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a " + channelClass.getName(),
                    e instanceof InvocationTargetException ite ? ite.getCause() : e);
        }
    }

    @Override
    public boolean daemon() {
        return false;
    }

    @Override
    public void dispose() {
        // the node owns the loops
    }

    @Override
    public Mono<Void> disposeLater() {
        return Mono.empty();
    }

    @Override
    public Mono<Void> disposeLater(java.time.Duration quietPeriod, java.time.Duration timeout) {
        return Mono.empty();
    }
}
