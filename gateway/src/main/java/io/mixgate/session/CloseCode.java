package io.mixgate.session;

/** WebSocket close codes the node sends (RFC 6455, section 7.4.1), each with the reason it is used for. */
public enum CloseCode {
    /** The script called {@code conn:close()}, or the client closed normally. */
    NORMAL(1000),
    /** The node is shutting down, or the client sent nothing for the read timeout. */
    GOING_AWAY(1001),
    /** The client broke the WebSocket protocol (bad frame, bad UTF-8 in a text frame). */
    PROTOCOL_ERROR(1002),
    /** The script refused the connection in {@code on_handshake}, or the client was too slow to read. */
    POLICY_VIOLATION(1008),
    /** A frame, or a message reassembled from fragments, exceeded {@code maxFrameSize}. */
    MESSAGE_TOO_BIG(1009),
    /** The node failed while serving this connection. */
    INTERNAL_ERROR(1011);

    private final int code;

    CloseCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
