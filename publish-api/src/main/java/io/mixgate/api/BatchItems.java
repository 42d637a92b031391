package io.mixgate.api;

import io.mixgate.core.ChannelNames;
import io.mixgate.core.MessageType;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Parses a {@code publish_batch} body: a JSON array of {@code {"c":channel,"d":data,"t":"text"|"binary"}}
 * objects, with the same rules per item as {@code mesh.publish} ({@code t} defaults to text; binary
 * data is base64). Streams the body rather than building a tree, because a batch exists to be
 * cheap per message. The whole batch is checked before anything is published: one bad item
 * refuses the batch with a message naming its index.
 *
 * <p>Thread safety: stateless; the {@link JsonFactory} is thread-safe.
 */
final class BatchItems {

    /** One message of a batch. */
    record Item(String channel, byte[] data, MessageType type) {
    }

    /** Most items one batch may carry. */
    static final int MAX_ITEMS = 100_000;
    private static final String EXAMPLE = "a JSON array such as [{\"c\":...,\"d\":...},...]";

    private BatchItems() {
    }

    static List<Item> parse(JsonFactory factory, byte[] body) throws InvalidArgumentException {
        try (JsonParser p = factory.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidArgumentException("body: not a JSON array (expected: " + EXAMPLE + ")");
            }
            List<Item> items = new ArrayList<>();
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.START_OBJECT) {
                    throw new InvalidArgumentException("item " + items.size() + ": not a JSON object (expected: " + EXAMPLE + ")");
                }
                if (items.size() == MAX_ITEMS) {
                    throw new InvalidArgumentException("body: more than " + MAX_ITEMS + " items (expected: at most " + MAX_ITEMS + ")");
                }
                items.add(item(p, items.size()));
            }
            if (p.nextToken() != null) {
                throw new InvalidArgumentException("body: trailing content after the array (expected: " + EXAMPLE + ")");
            }
            if (items.isEmpty()) {
                throw new InvalidArgumentException("body: an empty array (expected: at least one item)");
            }
            return items;
        } catch (JsonProcessingException e) {
            throw new InvalidArgumentException("body: malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + " (expected: " + EXAMPLE + ")");
        } catch (IOException e) {
            throw new InvalidArgumentException("body: unreadable (" + e.getMessage() + ")");
        }
    }

    private static Item item(JsonParser p, int index) throws IOException, InvalidArgumentException {
        String channel = null;
        String data = null;
        String type = null;
        boolean typeSeen = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "c" -> channel = text(p, value, index, "c", ChannelNames.RULE);
                case "d" -> data = text(p, value, index, "d", "the message as a string");
                case "t" -> {
                    typeSeen = value != JsonToken.VALUE_NULL;
                    type = typeSeen ? text(p, value, index, "t", "\"text\" or \"binary\"") : null;
                }
                default -> p.skipChildren();
            }
        }
        if (channel == null) {
            throw invalid(index, "\"c\": missing (expected: " + ChannelNames.RULE + ")");
        }
        String problem = ChannelNames.problem(channel);
        if (problem != null) {
            throw invalid(index, "\"c\": \"" + shorten(channel) + "\": " + problem + " (expected: " + ChannelNames.RULE + ")");
        }
        if (data == null) {
            throw invalid(index, "\"d\": missing (expected: the message as a string)");
        }
        MessageType messageType = typeSeen ? MessageType.fromWireName(type) : MessageType.TEXT;
        if (messageType == null) {
            throw invalid(index, "\"t\": \"" + shorten(type) + "\" (expected: \"text\" or \"binary\")");
        }
        if (messageType == MessageType.TEXT) {
            return new Item(channel, data.getBytes(StandardCharsets.UTF_8), messageType);
        }
        try {
            return new Item(channel, Base64.getDecoder().decode(data), messageType);
        } catch (IllegalArgumentException notBase64) {
            throw invalid(index, "\"d\": not base64 (expected: base64 data as a string, because \"t\" is \"binary\")");
        }
    }

    private static String text(JsonParser p, JsonToken value, int index, String field, String expected)
            throws IOException, InvalidArgumentException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw invalid(index, "\"" + field + "\": " + value.asString() + " (expected: " + expected + ")");
        }
        return p.getText();
    }

    private static InvalidArgumentException invalid(int index, String what) {
        return new InvalidArgumentException("item " + index + " field " + what);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
