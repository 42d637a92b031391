package io.mixgate.api;

import io.mixgate.core.ChannelNames;
import io.mixgate.core.ConnCall;
import io.mixgate.core.MessageType;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The fields of one {@code mesh.publish} or {@code mesh.send} body ({@code c}, {@code d},
 * {@code t}, and the request id {@code i} or {@code id}), each validated when read. Every
 * refusal is an {@link InvalidArgumentException} whose message names the field, the value and
 * what was expected: {@code field "c": missing (expected: a channel name of 1..512 characters ...)}.
 *
 * <p>Thread safety: not thread-safe; one instance serves one request.
 */
final class RequestFields {

    private static final String EXAMPLE = "a JSON object such as {\"c\":...,\"d\":...}";
    private static final Pattern INT64 = Pattern.compile("-?[0-9]{1,19}");
    private static final int SHOWN_VALUE_CHARS = 40;

    private final ObjectNode body;

    private RequestFields(ObjectNode body) {
        this.body = body;
    }

    /** The fields of an already parsed object, e.g. the {@code "p"} of a {@code /ws/v1} request. */
    static RequestFields of(ObjectNode params) {
        return new RequestFields(params);
    }

    /** Parses a request body, which must be exactly one JSON object. */
    static RequestFields parse(ObjectMapper mapper, byte[] bytes) throws InvalidArgumentException {
        JsonNode tree;
        try {
            tree = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InvalidArgumentException(
                    "body: malformed JSON" + where + ": " + shorten(e.getOriginalMessage(), 120) + " (expected: " + EXAMPLE + ")");
        } catch (IOException e) {
            throw new InvalidArgumentException("body: unreadable (" + e.getMessage() + ")");
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidArgumentException("body: empty (expected: " + EXAMPLE + ")");
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new InvalidArgumentException("body: " + show(tree) + " (expected: " + EXAMPLE + ")");
        }
        return new RequestFields(object);
    }

    /** The request id to echo back: {@code "i"}, or CONNMIX's alternative spelling {@code "id"}; null when absent. */
    JsonNode requestId() {
        JsonNode id = body.get("i");
        if (id == null || id.isNull()) {
            id = body.get("id");
        }
        return id == null || id.isNull() ? null : id;
    }

    /** {@code "c"} as a channel name, by the rule {@code conn:subscribe} applies ({@link ChannelNames}). */
    String channel() throws InvalidArgumentException {
        JsonNode c = required("c", ChannelNames.RULE);
        if (!c.isTextual()) {
            throw invalid("c", c, ChannelNames.RULE);
        }
        String channel = c.textValue();
        String problem = ChannelNames.problem(channel);
        if (problem != null) {
            throw new InvalidArgumentException("field \"c\": " + show(c) + ": " + problem + " (expected: " + ChannelNames.RULE + ")");
        }
        return channel;
    }

    /** {@code "c"} as a client id: an int64 written as a string of digits (CONNMIX's form) or a JSON integer. */
    long clientId() throws InvalidArgumentException {
        String expected = "a client id, an int64 written as a string of digits";
        JsonNode c = required("c", expected);
        if (c.isIntegralNumber() && c.canConvertToLong()) {
            return c.longValue();
        }
        if (c.isTextual() && INT64.matcher(c.textValue()).matches()) {
            try {
                return Long.parseLong(c.textValue());
            } catch (NumberFormatException outOfRange) {
                throw invalid("c", c, expected);
            }
        }
        throw invalid("c", c, expected);
    }

    /** {@code "t"}: {@code "text"} (the default when absent or null) or {@code "binary"}. */
    MessageType type() throws InvalidArgumentException {
        JsonNode t = body.get("t");
        if (t == null || t.isNull()) {
            return MessageType.TEXT;
        }
        MessageType type = t.isTextual() ? MessageType.fromWireName(t.textValue()) : null;
        if (type == null) {
            throw invalid("t", t, "\"text\" or \"binary\"");
        }
        return type;
    }

    /** {@code "d"}: a string, sent as UTF-8 for text, base64-decoded for binary. */
    byte[] data(MessageType type) throws InvalidArgumentException {
        String expected = type == MessageType.BINARY
                ? "base64 data as a string, because \"t\" is \"binary\""
                : "the message as a string";
        JsonNode d = required("d", expected);
        if (!d.isTextual()) {
            throw invalid("d", d, expected);
        }
        if (type == MessageType.TEXT) {
            return d.textValue().getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(d.textValue());
        } catch (IllegalArgumentException notBase64) {
            throw invalid("d", d, expected);
        }
    }

    /**
     * {@code "f"} and {@code "a"} of a {@code conn.call}: the function name and its argument array,
     * checked against the function ({@link ConnCall#of}). Numbers become Long or Double, objects
     * Maps, arrays Lists.
     */
    ConnCall connCall() throws InvalidArgumentException {
        String functions = "\"set_context_value\", \"set_context\", \"subscribe\" or \"unsubscribe\"";
        JsonNode f = required("f", functions);
        if (!f.isTextual()) {
            throw invalid("f", f, functions);
        }
        JsonNode a = body.get("a");
        if (a != null && !a.isNull() && !a.isArray()) {
            throw invalid("a", a, "an array of arguments");
        }
        List<Object> args = new ArrayList<>();
        if (a != null) {
            a.forEach(arg -> args.add(plain(arg)));
        }
        try {
            return ConnCall.of(f.textValue(), args);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
    }

    /** A JSON value as a plain Java value: null, Boolean, Long, Double, String, List or Map. */
    private static Object plain(JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>(value.size());
            value.forEach(v -> list.add(plain(v)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        value.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue())));
        return map;
    }

    private JsonNode required(String field, String expected) throws InvalidArgumentException {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidArgumentException("field \"" + field + "\": missing (expected: " + expected + ")");
        }
        return value;
    }

    private static InvalidArgumentException invalid(String field, JsonNode value, String expected) {
        return new InvalidArgumentException("field \"" + field + "\": " + show(value) + " (expected: " + expected + ")");
    }

    /** The value as JSON text, cut short so that a huge {@code d} does not flood the reply. */
    private static String show(JsonNode value) {
        return shorten(value.toString(), SHOWN_VALUE_CHARS);
    }

    private static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
