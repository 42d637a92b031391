package io.mixgate.transport.http;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves host names the way the JDK client does (the system resolver: {@code /etc/hosts},
 * nsswitch, the JDK's cache), on a virtual thread, never on an event loop: Netty's default
 * resolver blocks its loop, and Reactor Netty's own DNS client would answer differently from the
 * JDK's fallback for the same host. IP literals resolve at once without a thread.
 *
 * <p>Thread-safe and stateless; one instance serves every event loop.
 */
final class SystemResolverOnVirtualThreads extends AddressResolverGroup<InetSocketAddress> {

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new Names(executor).asAddressResolver();
    }

    private static final class Names extends InetNameResolver {
        Names(EventExecutor executor) {
            super(executor);
        }

        @Override
        protected void doResolve(String host, Promise<InetAddress> promise) {
            byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
            if (literal != null) {
                try {
                    promise.setSuccess(InetAddress.getByAddress(host, literal));
                } catch (UnknownHostException e) {
                    promise.setFailure(e); // unreachable: a literal has a valid length
                }
                return;
            }
            Thread.ofVirtual().name("mix-http-resolve").start(() -> {
                try {
                    promise.trySuccess(InetAddress.getByName(host));
                } catch (UnknownHostException e) {
                    promise.tryFailure(e);
                }
            });
        }

        @Override
        protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
            Thread.ofVirtual().name("mix-http-resolve").start(() -> {
                try {
                    promise.trySuccess(Arrays.asList(InetAddress.getAllByName(host)));
                } catch (UnknownHostException e) {
                    promise.tryFailure(e);
                }
            });
        }
    }
}
