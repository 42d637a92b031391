package io.mixgate.session;

/** WebSocket close codes the node sends (RFC 6455, section 7.4.1), each with the reason it is used for. */
public enum CloseCode {
    /** The script called {@code conn:close()}, or the client closed normally. */
    NORMAL(1000),
    /** The node is shutting down, or the client sent nothing for the read timeout. */
    GOING_AWAY(1001),
    /** The client broke the WebSocket protocol (bad frame, bad UTF-8 in a text frame). */
    PROTOCOL_ERROR(1002),
    /** The client sent text, or a close reason, that is not valid UTF-8 (RFC 6455 §8.1). */
    INVALID_PAYLOAD(1007),
    /** The script refused the connection in {@code on_handshake}, or the client was too slow to read. */
    POLICY_VIOLATION(1008),
    /**
     * The client sent more messages (pings included) than {@code servers[].rateLimit} allows, and
     * the server's {@code rateLimit.action} is {@code close}; reason "rate limit exceeded".
     */
    RATE_LIMITED(1008, "rate limit exceeded"),
    /** A frame, or a message reassembled from fragments, exceeded {@code maxFrameSize}. */
    MESSAGE_TOO_BIG(1009),
    /**
     * The node is draining (SIGTERM): it closes its clients spread over {@code drain.window} so that
     * they reconnect, through the balancer, to another node; reason "service restart".
     */
    SERVICE_RESTART(1012, "service restart"),
    /** The node failed while serving this connection. */
    INTERNAL_ERROR(1011),
    /**
     * A script callback for this connection ran more instructions than {@code script.instructionBudget}
     * and was aborted (1011: the server could not go on serving it); reason "script budget exceeded".
     */
    SCRIPT_BUDGET_EXCEEDED(1011, "script budget exceeded");

    private final int code;
    private final String reason;

    CloseCode(int code) {
        this(code, "");
    }

    CloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    /** The reason sent with this code when the node has nothing more specific to say. */
    public String reason() {
        return reason;
    }

    public int code() {
        return code;
    }
}
