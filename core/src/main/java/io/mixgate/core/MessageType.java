package io.mixgate.core;

import java.util.Locale;

/** The kind of a WebSocket message: CONNMIX's {@code "t"} field and the Lua {@code type} argument. */
public enum MessageType {
    TEXT("text"),
    BINARY("binary");

    private final String wireName;

    MessageType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used on the wire and in Lua: {@code "text"} or {@code "binary"}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses {@code "text"} or {@code "binary"} (case-insensitive).
     *
     * @return the type, or {@code null} when {@code name} is neither
     */
    public static MessageType fromWireName(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "binary" -> BINARY;
            default -> null;
        };
    }
}
