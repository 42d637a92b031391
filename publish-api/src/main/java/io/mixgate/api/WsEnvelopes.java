package io.mixgate.api;

import io.mixgate.core.QueueItem;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixgate.core.PresenceEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the text frames of {@code /ws/v1}: replies {@code {"E":null|{"c":code,"m":message},"r":result,"i":id}}
 * (the id under the key the request used, none when it had none) and {@code queue.pop} events
 * {@code {"e":"queue.pop","p":{"n":node,"c":client,"t":topic,"d":data},"id":null}}.
 *
 * <p>Thread safety: stateless apart from a thread-safe {@link ObjectMapper}.
 */
final class WsEnvelopes {

    private final ObjectMapper mapper;

    WsEnvelopes(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    /** The reply to {@code request} (null: a message too broken to have an id). */
    byte[] reply(WsRequest request, WsAnswer answer) {
        ObjectNode envelope = mapper.createObjectNode();
        if (answer.error() == null) {
            envelope.putNull("E");
            envelope.set("r", answer.result());
        } else {
            envelope.putObject("E").put("c", answer.error().code()).put("m", answer.message());
            envelope.putNull("r");
        }
        if (request != null && request.idKey() != null) {
            envelope.set(request.idKey(), request.id());
        }
        try {
            return mapper.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise a JSON tree", e);
        }
    }

    /**
     * The {@code queue.pop} event of {@code item}. Its {@code dataJson} is spliced in as it is: the
     * queues guarantee it is one JSON value, so {@code "d"} is the pushed value, not a string.
     */
    byte[] queueEvent(QueueItem item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96 + item.dataJson().length());
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("e", "queue.pop");
            json.writeObjectFieldStart("p");
            json.writeStringField("n", Integer.toString(item.nodeId()));
            json.writeStringField("c", item.clientId());
            json.writeStringField("t", item.topic());
            json.writeFieldName("d");
            json.writeRawValue(item.dataJson());
            json.writeEndObject();
            json.writeNullField("id");
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a queue.pop event", e);
        }
        return out.toByteArray();
    }

    /** A presence event: {@code {"e":"join"|"leave","c":channel,"id":"client","node":"n","v":value}}. */
    byte[] presenceEvent(PresenceEvent event) {
        ObjectNode e = mapper.createObjectNode().put("e", event.join() ? "join" : "leave").put("c", event.channel())
                .put("id", Long.toString(event.clientId())).put("node", Integer.toString(event.node()));
        e.putPOJO("v", event.value());
        return bytes(e);
    }

    /** A follow was dropped: {@code {"e":"presence.dropped","c":channel,"m":why}}. */
    byte[] presenceDropped(String channel, String why) {
        return bytes(mapper.createObjectNode().put("e", "presence.dropped").put("c", channel).put("m", why));
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise a JSON tree", e);
        }
    }
}
