package io.mixgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WsReplyTest {

    @Test
    void readsTheIdAndSuccessOfAPublishReply() {
        assertEquals(new WsReply(12345, true), WsReply.parse("{\"E\":null,\"r\":{\"s\":0,\"f\":0},\"i\":12345}"));
    }

    @Test
    void readsAnErrorReply() {
        assertEquals(new WsReply(7, false),
                WsReply.parse("{\"E\":{\"c\":503,\"m\":\"publish to channel \\\"x\\\" failed: \\\"i\\\":9\"},\"r\":null,\"i\":7}"));
    }

    @Test
    void aReplyWithoutANumericIdHasIdMinusOne() {
        assertEquals(new WsReply(-1, false), WsReply.parse("{\"E\":{\"c\":101,\"m\":\"malformed JSON\"},\"r\":null}"));
        assertEquals(new WsReply(-1, true), WsReply.parse("{\"E\":null,\"r\":\"pong\",\"i\":\"abc\"}"));
        assertEquals(new WsReply(-1, false), WsReply.parse("pong"));
    }
}
