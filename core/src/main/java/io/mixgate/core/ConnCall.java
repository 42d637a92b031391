package io.mixgate.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One {@code conn.call} of the back office: a function run on a client's connection, on whichever
 * node of the mesh holds it. CONNMIX's wire form is {@code {"c":client_id,"f":function,"a":[args]}}.
 *
 * <p>Arguments are JSON-like Java values: {@link String}, {@link Long}, {@link Double},
 * {@link Boolean}, {@code Map<String, Object>}, {@code List<Object>}, or null. {@link #of} checks
 * them against the function, so a call that reaches a node is always well formed.
 *
 * <p>Immutable.
 *
 * @param function what to run
 * @param args     its arguments, checked by {@link #of}; unmodifiable
 */
public record ConnCall(Function function, List<Object> args) {

    /** The functions a {@code conn.call} may run, by their CONNMIX names. */
    public enum Function {
        /** {@code ["key", value]}: sets one context value (null removes it) and wakes {@code wait_context_value}. */
        SET_CONTEXT_VALUE("set_context_value"),
        /** {@code [{"key": value, ...}]}: replaces the whole context. */
        SET_CONTEXT("set_context"),
        /** {@code ["channel", ...]}: subscribes the connection. */
        SUBSCRIBE("subscribe"),
        /** {@code ["channel", ...]}: unsubscribes the connection. */
        UNSUBSCRIBE("unsubscribe");

        private final String wireName;

        Function(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** @return the function with that CONNMIX name, or null */
        public static Function byWireName(String name) {
            for (Function f : values()) {
                if (f.wireName.equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    public ConnCall {
        args = Collections.unmodifiableList(new ArrayList<>(args)); // List.copyOf refuses null values
    }

    /**
     * A checked call.
     *
     * @throws IllegalArgumentException naming what is wrong, for a 101 reply: an unknown function,
     *                                  or arguments that do not fit it
     */
    public static ConnCall of(String function, List<Object> args) {
        Function f = Function.byWireName(function);
        if (f == null) {
            throw new IllegalArgumentException("unknown conn.call function \"" + function
                    + "\" (expected: set_context_value, set_context, subscribe or unsubscribe)");
        }
        if (args == null) {
            throw new IllegalArgumentException(f.wireName + ": \"a\" must be an array of arguments");
        }
        switch (f) {
            case SET_CONTEXT_VALUE -> {
                if (args.size() != 2 || !(args.get(0) instanceof String key) || key.isEmpty()) {
                    throw new IllegalArgumentException("set_context_value expects [\"key\", value]");
                }
            }
            case SET_CONTEXT -> {
                if (args.size() != 1 || !(args.get(0) instanceof Map<?, ?>)) {
                    throw new IllegalArgumentException("set_context expects [{\"key\": value, ...}]");
                }
            }
            case SUBSCRIBE, UNSUBSCRIBE -> {
                if (args.isEmpty() || !args.stream().allMatch(a -> a instanceof String)) {
                    throw new IllegalArgumentException(f.wireName + " expects one or more channel names [\"channel\", ...]");
                }
                if (f == Function.SUBSCRIBE) { // unsubscribing from a name never subscribed is harmless
                    for (int i = 0; i < args.size(); i++) {
                        String problem = ChannelNames.problem((String) args.get(i));
                        if (problem != null) {
                            throw new IllegalArgumentException("subscribe: argument " + i + ": " + problem
                                    + " (expected: " + ChannelNames.RULE + ")");
                        }
                    }
                }
            }
        }
        return new ConnCall(f, args);
    }
}
