package io.mixgate.core;

/** The outcome of sending one message to one client id. */
public enum SendOutcome {
    /** Handed to the client's connection. */
    SENT,
    /** No connection with that id is open (never was, or already closed). */
    UNKNOWN_CLIENT,
    /** The connection exists but could not take the message (closing, or over its outbound limit). */
    FAILED
}
