package io.mixgate.script;

import io.mixgate.core.MessageType;
import io.mixgate.core.RateLimitedLog;
import io.mixgate.session.CloseCode;
import io.mixgate.session.ConnectionScript;
import io.mixgate.session.HandshakeInfo;
import io.mixgate.session.InboundBuffer;
import io.mixgate.session.Session;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socket server's script (CONNMIX's custom protocol): {@code on_connect(client_id)} when a
 * connection opens; for every read, the bytes are appended to the connection's
 * {@link InboundBuffer} and cut into packets by the script: {@code protocol_input(buf)} gets a
 * copy of what is buffered ({@link SocketBuffer}) and returns the length of the first packet
 * (0 = wait for more bytes, -1 = close), the packet goes to {@code protocol_decode(str)} and what
 * that returns, unless nil, to {@code on_message(msg)}; repeated while whole packets remain.
 * {@code on_close(client_id, err)} as for WebSocket servers.
 *
 * <p>Bounds: each call runs under the script budgets ({@link ScriptHost}); a length that is not
 * an integer, is below -1, or is larger than {@code maxFrameSize}, an error in
 * {@code protocol_input}, and a buffer that reaches {@code maxFrameSize} bytes without a complete
 * packet close the connection, the reason being {@code on_close}'s {@code err}. A length larger
 * than what is buffered (but within {@code maxFrameSize}) waits for more bytes, as CONNMIX does, and
 * {@code protocol_input} is asked again when they come. An error in {@code protocol_decode} drops
 * that packet (logged) and the connection goes on, as an error in {@code on_message} does.
 *
 * <p>Thread safety: as {@link ConnectionScript}; a connection's buffer is touched only by its lane.
 */
public final class SocketScript implements ConnectionScript {
    private static final Logger log = LoggerFactory.getLogger(SocketScript.class);
    /** A script that returns nonsense is a script bug; a client that sends nonsense is logged at DEBUG. */
    private static final RateLimitedLog scriptBugs = new RateLimitedLog(log::warn);

    private final ScriptHost host;
    private final int maxFrameSize;
    private final LuaTable bufferMeta = SocketBuffer.metatable();

    /** @param maxFrameSize the most bytes a connection may have buffered without a complete packet */
    public SocketScript(ScriptHost host, int maxFrameSize) {
        this.host = host;
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    public boolean opened(Session session, HandshakeInfo handshake) {
        host.call("on_connect", session, LuaValue.valueOf(session.idString()));
        return true;
    }

    @Override
    public void received(Session session, byte[] data, MessageType type) {
        InboundBuffer inbound = session.inbound();
        inbound.append(data);
        while (inbound.length() > 0 && !session.isClosing()) {
            SocketBuffer buf = SocketBuffer.of(inbound.view());
            ScriptHost.Outcome input;
            try {
                input = host.call("protocol_input", session, buf.toLua(bufferMeta));
            } finally {
                buf.end();
            }
            if (session.isClosing()) {
                return; // conn:close() in the script, or its budget ran out
            }
            if (input.missing()) {
                scriptBugs.log("script {} defines no protocol_input: closing conn={}", host.scriptName(), session.idString());
                fail(session, "the script defines no protocol_input");
                return;
            }
            if (input.error() != null) {
                fail(session, "protocol_input failed: " + input.error()); // the host logged the error
                return;
            }
            LuaValue result = input.value();
            if (result.type() != LuaValue.TNUMBER || result.todouble() != Math.rint(result.todouble())) {
                String reason = "protocol_input returned " + shown(result)
                        + " (expected an integer: the packet's length, 0 = need more bytes, -1 = close)";
                scriptBugs.log("script {} conn={}: {}", host.scriptName(), session.idString(), reason);
                fail(session, reason);
                return;
            }
            double n = result.todouble();
            if (n == -1) {
                fail(session, "closed by protocol_input (-1)");
                return;
            }
            if (n < -1 || n > maxFrameSize) {
                fail(session, "protocol_input returned " + shown(result) + " (expected -1, 0 or a packet length of 1.."
                        + maxFrameSize + ", maxFrameSize)");
                return;
            }
            if (n == 0 || n > inbound.length()) { // conn:clear_buffer() may have emptied it meanwhile
                if (inbound.length() >= maxFrameSize) {
                    fail(session, "no complete packet within maxFrameSize (" + maxFrameSize + " bytes)");
                }
                return;
            }
            deliver(session, inbound.take((int) n));
        }
    }

    private void deliver(Session session, byte[] packet) {
        ScriptHost.Outcome decoded = host.call("protocol_decode", session, LuaString.valueUsing(packet));
        if (session.isClosing() || decoded.error() != null) {
            return; // logged by the host; the packet is dropped
        }
        LuaValue msg = decoded.missing() ? LuaString.valueUsing(packet) : decoded.value();
        if (msg.isnil()) {
            return;
        }
        host.counters().messagesRead.increment();
        host.call("on_message", session, msg);
    }

    private static void fail(Session session, String reason) {
        log.debug("conn={} closed: {}", session.idString(), reason);
        session.close(CloseCode.PROTOCOL_ERROR, reason);
    }

    private static String shown(LuaValue value) {
        String text = value.type() == LuaValue.TNUMBER ? value.tojstring() : value.typename()
                + (value.isstring() ? " \"" + abbreviated(value.tojstring()) + "\"" : "");
        return text;
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    @Override
    public void closed(Session session, String error) {
        host.onClose(session, error);
    }
}
