package io.mixgate.api.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BasicCredentialsTest {

    private static String basic(byte[] raw) {
        return "Basic " + Base64.getEncoder().encodeToString(raw);
    }

    @Test
    void parsesTheRfc7617Example() {
        // RFC 7617 section 2: Aladdin / open sesame
        assertEquals(Optional.of(new BasicCredentials("Aladdin", "open sesame")),
                BasicCredentials.parse("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
    }

    @Test
    void schemeIsCaseInsensitiveAndSurroundingSpaceIsIgnored() {
        assertEquals("Aladdin", BasicCredentials.parse("  bAsIc   QWxhZGRpbjpvcGVuIHNlc2FtZQ==  ").orElseThrow().username());
    }

    @Test
    void decodesUtf8AndSplitsAtTheFirstColon() {
        // RFC 7617 section 2.1: test / 123£
        BasicCredentials c = BasicCredentials.parse("Basic dGVzdDoxMjPCow==").orElseThrow();
        assertEquals("test", c.username());
        assertEquals("123£", c.password());
        BasicCredentials colons = BasicCredentials.parse(BasicCredentials.header("ops", "a:b:c")).orElseThrow();
        assertEquals("a:b:c", colons.password());
    }

    @Test
    void anEmptyPasswordParses() {
        assertEquals("", BasicCredentials.parse(BasicCredentials.header("ops", "")).orElseThrow().password());
    }

    @Test
    void rejectsWhatIsNotBasicCredentials() {
        assertTrue(BasicCredentials.parse(null).isEmpty());
        assertTrue(BasicCredentials.parse("").isEmpty());
        assertTrue(BasicCredentials.parse("Bearer abc").isEmpty());
        assertTrue(BasicCredentials.parse("Basic").isEmpty());
        assertTrue(BasicCredentials.parse("Basicx QWxhZGRpbjpvcGVuIHNlc2FtZQ==").isEmpty());
        assertTrue(BasicCredentials.parse("Basic !!!notbase64").isEmpty());
        assertTrue(BasicCredentials.parse(basic("nocolon".getBytes(StandardCharsets.UTF_8))).isEmpty());
        assertTrue(BasicCredentials.parse(basic(":password".getBytes(StandardCharsets.UTF_8))).isEmpty(), "empty user id");
        assertTrue(BasicCredentials.parse(basic(new byte[] {'a', ':', (byte) 0xc3, (byte) 0x28})).isEmpty(), "bad UTF-8");
        assertTrue(BasicCredentials.parse(basic("a:b\nc".getBytes(StandardCharsets.UTF_8))).isEmpty(), "control character");
    }

    @Test
    void toStringHidesThePassword() {
        assertFalse(new BasicCredentials("ops", "s3cret").toString().contains("s3cret"));
    }
}
