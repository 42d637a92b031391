package io.mixgate.script;

import io.mixgate.core.ScriptError;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's last {@code script.recentErrors} script errors, kept in memory for
 * {@code GET /v1/scripts/errors}: the oldest goes when a new one comes, so a script failing on
 * every message costs a bounded amount of memory (each message is cut to
 * {@link ScriptError#MAX_MESSAGE_CHARS}). One log serves every server of the node.
 *
 * <p>Thread-safe: callbacks on any thread add, the API reads; a short lock, taken only when a
 * callback has already failed.
 */
public final class ScriptErrorLog {
    /** LuaJ prefixes an error raised at a known place with {@code file:line }, e.g. {@code entry.lua:12 boom}. */
    private static final Pattern WHERE = Pattern.compile("^([^\\s:]+(?:\\.lua)?):(\\d+):? (.*)$", Pattern.DOTALL);

    private final int capacity;
    private final Clock clock;
    private final IntSupplier nodeId;
    private final ArrayDeque<ScriptError> recent = new ArrayDeque<>();

    /**
     * @param capacity how many errors to keep, {@code 0} keeps none
     * @param nodeId   the node's id, read when an error is added (it is known only once the node joined its mesh)
     */
    public ScriptErrorLog(int capacity, Clock clock, IntSupplier nodeId) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: at least 0)");
        }
        this.capacity = capacity;
        this.clock = clock;
        this.nodeId = nodeId;
    }

    /**
     * Remembers a failed callback; the file and line are read from {@code message} when LuaJ put
     * them there, else the error is attributed to {@code entryScript} with line 0.
     */
    public void add(int server, String entryScript, String callback, long client, String message) {
        if (capacity == 0) {
            return;
        }
        String text = message == null ? "" : message;
        String script = entryScript;
        int line = 0;
        Matcher where = WHERE.matcher(text);
        if (where.matches()) {
            try {
                line = Integer.parseInt(where.group(2));
                script = where.group(1);
                text = where.group(3);
            } catch (NumberFormatException e) {
                line = 0; // a "line" too long for an int: not a position, keep the message whole
            }
        }
        ScriptError error = new ScriptError(Integer.toString(nodeId.getAsInt()), server, script, line, callback, client,
                text, clock.millis());
        synchronized (recent) {
            if (recent.size() == capacity) {
                recent.removeFirst();
            }
            recent.addLast(error);
        }
    }

    /** The errors kept, newest first. */
    public List<ScriptError> recent() {
        synchronized (recent) {
            List<ScriptError> newestFirst = new ArrayList<>(recent);
            return newestFirst.reversed();
        }
    }

    /** Where one server's {@link ScriptHost} reports its errors. */
    public Server forServer(int server) {
        return (entryScript, callback, client, message) -> add(server, entryScript, callback, client, message);
    }

    /** One server's view of the log. */
    @FunctionalInterface
    public interface Server {
        void add(String entryScript, String callback, long client, String message);

        /** Keeps nothing: for hosts started without a log (tests, tools). */
        Server NONE = (entryScript, callback, client, message) -> {
        };
    }
}
