package io.mixgate.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DecimalsTest {

    @Test
    void decimalsComeOutNormalisedAndExact() {
        assertEquals("7.611", Decimals.text(Decimals.parse("p", "7.6110")));
        assertEquals("0.00000016", Decimals.text(Decimals.parse("p", "1.6E-7")));
        assertEquals("0", Decimals.text(Decimals.parse("q", "0.00000000")));
        assertEquals("1200", Decimals.text(Decimals.parse("q", "1.2e3")));
        assertEquals("0.3", Decimals.text(Decimals.parse("a", "0.1").add(Decimals.parse("b", "0.2"))), "no binary float");
    }

    @Test
    void badTextIsRefusedNamingTheFieldAndValue() {
        for (String bad : new String[] {"", "abc", "1e", "NaN", "Infinity", "1E999", "0x10", "1,5", " 1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Decimals.parse("bids[1].price", bad));
            assertTrue(e.getMessage().startsWith("bids[1].price: \"" + bad), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Decimals.positive("p", "0"));
        assertThrows(IllegalArgumentException.class, () -> Decimals.nonNegative("q", "-1"));
        assertThrows(IllegalArgumentException.class, () -> Decimals.parse("p", "1".repeat(65)));
    }
}
