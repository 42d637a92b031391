package io.mixgate.config;

import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The node itself ({@code node:} in the YAML): its identity in the mesh and how it does I/O.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param id        the node id, {@code 1..32767}; {@code 0} (the default) means "pick a
 *                  random id when the node starts", see {@link #resolveId(RandomGenerator)}
 * @param transport the kernel interface the client servers and the script HTTP client use:
 *                  {@code auto} (the default: epoll on Linux, NIO elsewhere), {@code epoll},
 *                  {@code io_uring} (Linux 5.1+ with io_uring enabled) or {@code nio}; one that
 *                  cannot load here falls back to {@code auto}, and the start-up log says what runs
 */
public record NodeConfig(int id, String transport) {

    /** The largest node id; ids fit in 15 bits so that client ids can carry them. */
    public static final int MAX_ID = 32767;

    private static final Set<String> TRANSPORTS = Set.of("auto", "epoll", "io_uring", "nio");

    /** Validates the id and the transport (any case; kept in lower case). */
    public NodeConfig {
        Require.range("id", id, 0, MAX_ID);
        Require.present("transport", transport, "auto, epoll, io_uring or nio");
        transport = transport.trim().toLowerCase(Locale.ROOT);
        if (!TRANSPORTS.contains(transport)) {
            throw new InvalidValueException("transport", Require.show(transport), "auto, epoll, io_uring or nio");
        }
    }

    /** An id with the default transport. */
    public NodeConfig(int id) {
        this(id, "auto");
    }

    /** The defaults: a random id picked at start, epoll where it loads. */
    public static NodeConfig defaults() {
        return new NodeConfig(0, "auto");
    }

    /** The configured id, or a random one in {@code 1..32767} drawn from {@code random} when it is 0. */
    public int resolveId(RandomGenerator random) {
        return id != 0 ? id : random.nextInt(1, MAX_ID + 1);
    }
}
