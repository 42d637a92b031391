package io.mixgate.core;

/**
 * Which connections {@link Connections#list} returns: every filter that is not null must match.
 * Connections come in client-id order; {@code after} is the last id of the previous page (0 for
 * the first), so a cursor stays valid however connections come and go between pages.
 *
 * <p>Immutable.
 *
 * @param server  the server index, or null for any
 * @param channel only connections subscribed to it, or null
 * @param key     a context key, or null; with {@code value}: only connections whose context value
 *                under {@code key} reads as {@code value} (a number 1001 matches "1001")
 * @param value   the context value; required with {@code key}
 * @param after   only ids above this (unsigned order is not needed: ids are positive)
 * @param limit   most connections on the page, at least 1
 */
public record ConnectionQuery(Integer server, String channel, String key, String value, long after, int limit) {
    public ConnectionQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: at least 1)");
        }
        if ((key == null) != (value == null)) {
            throw new IllegalArgumentException("key and value: give both or neither (got key " + key + ", value " + value + ")");
        }
    }

    /** Whether a context value reads as {@code wanted}: strings, numbers and booleans by their text. */
    public static boolean matches(Object contextValue, String wanted) {
        if (contextValue instanceof String || contextValue instanceof Boolean
                || contextValue instanceof Long || contextValue instanceof Integer) {
            return contextValue.toString().equals(wanted);
        }
        if (contextValue instanceof Double d) {
            return d == Math.rint(d) && !d.isInfinite() ? Long.toString(d.longValue()).equals(wanted) : d.toString().equals(wanted);
        }
        return false;
    }
}
