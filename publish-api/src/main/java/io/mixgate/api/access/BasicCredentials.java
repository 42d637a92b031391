package io.mixgate.api.access;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The user id and password of an HTTP Basic {@code Authorization} header (RFC 7617), decoded as
 * UTF-8. The scheme name is case-insensitive; the token must be strict base64 (padding optional);
 * the user id must be non-empty and, like the password, free of control characters; the first
 * colon separates them, so a password may contain colons and a user id may not.
 *
 * <p>Immutable and thread-safe. {@link #toString()} hides the password.
 */
public record BasicCredentials(String username, String password) {

    private static final String SCHEME = "basic";

    /** The credentials in {@code header}, or empty when it is absent, another scheme or malformed. */
    public static Optional<BasicCredentials> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space != SCHEME.length() || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = value.substring(space + 1).strip();
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || hasControl(text)) {
            return Optional.empty();
        }
        return Optional.of(new BasicCredentials(text.substring(0, colon), text.substring(colon + 1)));
    }

    /** The header value a client sends for {@code username} and {@code password}. */
    public static String header(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean hasControl(CharSequence text) {
        return CharBuffer.wrap(text).chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    @Override
    public String toString() {
        return "BasicCredentials[username=" + username + ", password=(hidden)]";
    }
}
