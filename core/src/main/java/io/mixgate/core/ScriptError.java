package io.mixgate.core;

/**
 * A script callback that failed, as a node remembers it for {@code GET /v1/scripts/errors}. The
 * message comes from the script (and so, indirectly, from clients): show it as text, never as markup.
 *
 * <p>Immutable.
 *
 * @param node     the node it happened on
 * @param server   the index of the server in the node's {@code servers} list
 * @param script   the script file named by the error (the entry script when the error names none)
 * @param line     the line in {@code script}, 0 when unknown
 * @param callback the callback that failed: {@code on_handshake}, {@code on_message} or {@code on_close}
 * @param client   the client id of the connection it ran for
 * @param message  what went wrong, cut to at most {@link #MAX_MESSAGE_CHARS} characters
 * @param at       when, milliseconds since the epoch (the node's clock)
 */
public record ScriptError(String node, int server, String script, int line, String callback, long client,
                          String message, long at) {
    /** Longest message kept: a script can raise an error of any size, the node keeps a bounded record. */
    public static final int MAX_MESSAGE_CHARS = 1000;

    public ScriptError {
        if (message.length() > MAX_MESSAGE_CHARS) {
            message = message.substring(0, MAX_MESSAGE_CHARS) + "…";
        }
    }
}
