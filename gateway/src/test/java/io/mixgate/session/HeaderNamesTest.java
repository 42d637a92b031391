package io.mixgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HeaderNamesTest {

    @Test
    void headerNamesTakeGosCanonicalForm() {
        assertEquals("Sec-Websocket-Key", HeaderNames.canonical("sec-websocket-key"));
        assertEquals("Sec-Websocket-Key", HeaderNames.canonical("Sec-WebSocket-Key"));
        assertEquals("Host", HeaderNames.canonical("HOST"));
        assertEquals("X-Forwarded-For", HeaderNames.canonical("x-forwarded-for"));
        assertEquals("Content-Md5", HeaderNames.canonical("content-MD5"));
        assertEquals("A--B", HeaderNames.canonical("a--b"));
        assertEquals("", HeaderNames.canonical(""));
    }

    @Test
    void aNameWithANonTokenCharacterIsLeftAsItIs() {
        assertEquals("x header", HeaderNames.canonical("x header"));
        assertEquals("caf\u00e9-name", HeaderNames.canonical("caf\u00e9-name"));
    }
}
