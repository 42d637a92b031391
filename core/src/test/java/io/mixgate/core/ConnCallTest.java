package io.mixgate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnCallTest {

    @Test
    void acceptsEachFunctionWithItsArguments() {
        assertEquals(ConnCall.Function.SET_CONTEXT_VALUE, ConnCall.of("set_context_value", List.of("uid", 1001L)).function());
        assertEquals(ConnCall.Function.SET_CONTEXT, ConnCall.of("set_context", List.of(Map.of("uid", "1"))).function());
        assertEquals(List.of("a", "b"), ConnCall.of("subscribe", List.of("a", "b")).args());
        assertEquals(ConnCall.Function.UNSUBSCRIBE, ConnCall.of("unsubscribe", List.of("a")).function());
    }

    @Test
    void keepsANullValueWhichRemovesTheKey() {
        ConnCall call = ConnCall.of("set_context_value", Arrays.asList("uid", null));
        assertNull(call.args().get(1));
    }

    @Test
    void refusesUnknownFunctionsAndMisfittingArgumentsNamingTheProblem() {
        assertEquals("unknown conn.call function \"close\" (expected: set_context_value, set_context, subscribe or unsubscribe)",
                assertThrows(IllegalArgumentException.class, () -> ConnCall.of("close", List.of())).getMessage());
        assertEquals("set_context_value expects [\"key\", value]",
                assertThrows(IllegalArgumentException.class, () -> ConnCall.of("set_context_value", List.of("uid"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConnCall.of("set_context_value", List.of(1L, 2L)));
        assertThrows(IllegalArgumentException.class, () -> ConnCall.of("set_context", List.of("not a map")));
        assertEquals("subscribe expects one or more channel names [\"channel\", ...]",
                assertThrows(IllegalArgumentException.class, () -> ConnCall.of("subscribe", List.of())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConnCall.of("unsubscribe", List.of("a", 7L)));
        assertThrows(IllegalArgumentException.class, () -> ConnCall.of("subscribe", null));
    }

    @Test
    void argumentsCannotBeChangedAfterTheCheck() {
        List<Object> args = new ArrayList<>(List.of("a"));
        ConnCall call = ConnCall.of("subscribe", args);
        args.add(42L);
        assertEquals(List.of("a"), call.args());
        assertThrows(UnsupportedOperationException.class, () -> call.args().add("b"));
    }
}
