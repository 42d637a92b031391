package io.mixgate.script;

/** A script could not be compiled or loaded; the message names the script and, where known, the line. */
public final class ScriptException extends Exception {
    public ScriptException(String message, Throwable cause) {
        super(message, cause);
    }
}
