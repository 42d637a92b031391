package io.mixgate.bench;

/**
 * The two facts the {@code /ws/v1} publish scenario needs from a reply
 * {@code {"E":null|{...},"r":...,"i":id}}: its numeric id and whether it succeeded. A hand scan,
 * not a JSON parse, so the load tool spends its CPU on I/O.
 *
 * @param id the request id (-1 when the reply has no numeric {@code "i"})
 * @param ok whether {@code "E"} is null
 */
record WsReply(long id, boolean ok) {

    private static final String OK_PREFIX = "{\"E\":null";
    private static final String ID_KEY = "\"i\":";

    /** Reads a reply the API wrote (id last, as mixgate writes it). */
    static WsReply parse(String text) {
        boolean ok = text.startsWith(OK_PREFIX);
        int at = text.lastIndexOf(ID_KEY);
        if (at < 0) {
            return new WsReply(-1, ok);
        }
        long id = 0;
        int digits = 0;
        for (int i = at + ID_KEY.length(); i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            id = id * 10 + (c - '0');
            digits++;
        }
        return new WsReply(digits == 0 ? -1 : id, ok);
    }
}
