package io.mixgate.script;

import java.util.List;

/**
 * The named Redis connections that {@code mix.redis.connection(name)} hands to scripts.
 *
 * <p>Thread safety: implementations are thread-safe. Commands block the calling thread, which
 * is always a script lane's virtual thread, never an event loop.
 */
public interface ScriptRedis {

    /** The connection called {@code name}, or null when none is configured. */
    Connection connection(String name);

    /** One named pool. */
    interface Connection {
        /**
         * Runs one command, e.g. {@code SET k v}, and waits for the reply.
         *
         * @param args the command name and its arguments, as bytes
         * @return null (nil reply), Long, Double, Boolean, String (status reply), byte[] (bulk reply)
         *         or a List of these (array reply)
         * @throws Exception with Redis's message for an error reply, a timeout or a lost connection
         */
        Object command(List<byte[]> args) throws Exception;
    }

    /** No pools at all. */
    ScriptRedis NONE = name -> null;
}
