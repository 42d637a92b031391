package io.mixgate.session;

/**
 * HTTP header names as CONNMIX scripts see them: Go's {@code textproto.CanonicalMIMEHeaderKey}
 * form ({@code sec-websocket-key} becomes {@code Sec-Websocket-Key}), for the handshake's request
 * headers and for the response headers of {@code mix.http.request} alike. Stateless.
 */
public final class HeaderNames {
    private static final String TOKEN_PUNCTUATION = "!#$%&'*+-.^_`|~";

    private HeaderNames() {
    }

    /**
     * Upper-cases the first letter and each letter after '-', lower-cases the rest; a name with a
     * character outside HTTP's token set is returned untouched, as Go does.
     */
    public static String canonical(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = c < 128 && (Character.isLetterOrDigit(c) || TOKEN_PUNCTUATION.indexOf(c) >= 0);
            if (!token) {
                return name;
            }
        }
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }
}
