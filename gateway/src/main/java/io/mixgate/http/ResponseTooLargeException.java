package io.mixgate.http;

import java.io.IOException;

/** A response body is larger than the limit of {@code mix.http.request}; the message is for the script. */
public final class ResponseTooLargeException extends IOException {
    public ResponseTooLargeException(long limit) {
        super("response body too large (limit " + limit + " bytes)");
    }
}
