package io.mixgate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the token in an auth callback body, accepting every form CONNMIX's example script can
 * send: JSON {@code {"token":"t"}}; the malformed {@code {"token:"t"}} that the published
 * {@code entry.websocket.lua} really sends (the quote after {@code token} is misplaced, so it is
 * not JSON); and form-encoded {@code token=t}, the script's commented-out alternative.
 *
 * <p>Thread safety: immutable.
 */
final class AuthTokenReader {

    /** {@code token} then {@code :} then the value, tolerating stray quotes around the key and value. */
    private static final Pattern LOOSE_TOKEN = Pattern.compile("\"?token\"?\\s*:\\s*\"?([^\"\\s,}]*)");
    private static final Pattern FORM_PAIR_SEPARATOR = Pattern.compile("&");

    private final ObjectMapper mapper;

    AuthTokenReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The token, or empty when the body holds none in any accepted form. */
    Optional<String> read(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (!text.startsWith("{")) {
            return fromForm(text);
        }
        JsonNode json;
        try {
            json = mapper.readTree(text);
        } catch (JsonProcessingException notJson) {
            return fromLooseJson(text);
        }
        JsonNode token = json.path("token");
        return token.isValueNode() && !token.isNull() ? Optional.of(token.asText()) : Optional.empty();
    }

    private static Optional<String> fromLooseJson(String text) {
        Matcher matcher = LOOSE_TOKEN.matcher(text);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static Optional<String> fromForm(String text) {
        for (String pair : FORM_PAIR_SEPARATOR.split(text)) {
            int equals = pair.indexOf('=');
            if (equals > 0 && decode(pair.substring(0, equals)).equals("token")) {
                return Optional.of(decode(pair.substring(equals + 1)));
            }
        }
        return Optional.empty();
    }

    private static String decode(String formValue) {
        try {
            return URLDecoder.decode(formValue, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            return formValue;
        }
    }
}
