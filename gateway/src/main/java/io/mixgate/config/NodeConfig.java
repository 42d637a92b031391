package io.mixgate.config;

import java.util.random.RandomGenerator;

/**
 * The node's identity in the mesh ({@code node:} in the YAML).
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param id the node id, {@code 1..32767}; {@code 0} (the default) means "pick a
 *           random id when the node starts", see {@link #resolveId(RandomGenerator)}
 */
public record NodeConfig(int id) {

    /** The largest node id; ids fit in 15 bits so that client ids can carry them. */
    public static final int MAX_ID = 32767;

    /** Validates the id. */
    public NodeConfig {
        Require.range("id", id, 0, MAX_ID);
    }

    /** The defaults: a random id picked at start. */
    public static NodeConfig defaults() {
        return new NodeConfig(0);
    }

    /** The configured id, or a random one in {@code 1..32767} drawn from {@code random} when it is 0. */
    public int resolveId(RandomGenerator random) {
        return id != 0 ? id : random.nextInt(1, MAX_ID + 1);
    }
}
