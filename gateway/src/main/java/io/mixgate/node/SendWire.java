package io.mixgate.node;

import io.mixgate.core.MessageType;
import io.mixgate.core.SendOutcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The messages of a send across the mesh, on the target node's channel and back on the
 * sender's. Binary, big-endian:
 * <pre>
 * request: 'Q' requestId:long fromNode:int clientId:long type:byte('t'|'b') data...
 * reply:   'A' requestId:long outcome:byte (SendOutcome ordinal)
 * </pre>
 * Stateless.
 */
final class SendWire {
    static final byte REQUEST = 'Q';
    static final byte REPLY = 'A';

    record Request(long requestId, int fromNode, long clientId, MessageType type, byte[] data) {
    }

    record Reply(long requestId, SendOutcome outcome) {
    }

    private SendWire() {
    }

    static byte[] request(long requestId, int fromNode, long clientId, MessageType type, byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length + 22);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(REQUEST);
            out.writeLong(requestId);
            out.writeInt(fromNode);
            out.writeLong(clientId);
            out.writeByte(type == MessageType.BINARY ? 'b' : 't');
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] reply(long requestId, SendOutcome outcome) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(10);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(REPLY);
            out.writeLong(requestId);
            out.writeByte(outcome.ordinal());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException when {@code payload} is not a request */
    static Request readRequest(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload, 1, payload.length - 1));
        long requestId = in.readLong();
        int fromNode = in.readInt();
        long clientId = in.readLong();
        MessageType type = in.readByte() == 'b' ? MessageType.BINARY : MessageType.TEXT;
        return new Request(requestId, fromNode, clientId, type, in.readAllBytes());
    }

    /** @throws IOException when {@code payload} is not a reply */
    static Reply readReply(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload, 1, payload.length - 1));
        long requestId = in.readLong();
        int outcome = in.readUnsignedByte();
        SendOutcome[] all = SendOutcome.values();
        if (outcome >= all.length) {
            throw new IOException("unknown send outcome " + outcome);
        }
        return new Reply(requestId, all[outcome]);
    }
}
