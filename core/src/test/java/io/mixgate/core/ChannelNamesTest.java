package io.mixgate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelNamesTest {

    @Test
    void acceptsNamesOf1To512CharactersWithoutWhitespaceOrControls() {
        for (String good : new String[] {"a", "x".repeat(512), "BTCUSDT@depth", "ex:1001@balance", "ü€😀"}) {
            assertNull(ChannelNames.problem(good), good);
        }
    }

    @Test
    void namesWhatIsWrong() {
        assertEquals("missing", ChannelNames.problem(null));
        assertEquals("empty", ChannelNames.problem(""));
        assertEquals("513 characters, longer than 512", ChannelNames.problem("x".repeat(513)));
        assertEquals("1048576 characters, longer than 512", ChannelNames.problem("x".repeat(1 << 20)));
        assertEquals("control character U+0000 at index 1", ChannelNames.problem("a\u0000b"));
        assertEquals("control character U+007F at index 1", ChannelNames.problem("a\u007fb"));
        assertEquals("control character U+000A at index 0", ChannelNames.problem("\nb"));
        assertEquals("whitespace U+0020 at index 1", ChannelNames.problem("a b"));
        assertEquals("whitespace U+00A0 at index 1", ChannelNames.problem("a\u00a0b"));
        assertEquals("whitespace U+2028 at index 1", ChannelNames.problem("a\u2028b"));
    }

    @Test
    void connCallSubscribeFollowsTheSameRule() {
        assertEquals("subscribe: argument 1: control character U+0000 at index 1 (expected: " + ChannelNames.RULE + ")",
                assertThrows(IllegalArgumentException.class, () -> ConnCall.of("subscribe", List.of("ok", "a\u0000b"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConnCall.of("subscribe", List.of("x".repeat(513))));
        assertEquals(ConnCall.Function.UNSUBSCRIBE, ConnCall.of("unsubscribe", List.of("a b")).function(),
                "unsubscribing from a name that can never be subscribed is harmless");
    }
}
