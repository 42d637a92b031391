package io.mixgate.api.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class HostPatternTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void starMatchesEveryAddress() throws Exception {
        HostPattern any = HostPattern.parse("*");
        assertTrue(any.matches(ip("192.0.2.1")));
        assertTrue(any.matches(ip("::1")));
    }

    @Test
    void globMatchesWholeOctets() throws Exception {
        HostPattern p = HostPattern.parse("172.*.*.*");
        assertTrue(p.matches(ip("172.16.0.1")));
        assertTrue(p.matches(ip("172.255.255.255")));
        assertFalse(p.matches(ip("173.16.0.1")));
        assertFalse(p.matches(ip("17.2.0.1")));

        HostPattern p2 = HostPattern.parse("10.0.*.*");
        assertTrue(p2.matches(ip("10.0.9.9")));
        assertFalse(p2.matches(ip("10.1.0.1")));
    }

    @Test
    void exactAddressesMatchOnlyThemselves() throws Exception {
        assertTrue(HostPattern.parse("10.0.0.7").matches(ip("10.0.0.7")));
        assertFalse(HostPattern.parse("10.0.0.7").matches(ip("10.0.0.8")));
        assertTrue(HostPattern.parse("::1").matches(ip("::1")));
        assertTrue(HostPattern.parse("0:0:0:0:0:0:0:1").matches(ip("::1")));
        assertFalse(HostPattern.parse("::1").matches(ip("127.0.0.1")));
    }

    @Test
    void ipv4MappedIpv6AddressesMatchIpv4Globs() throws Exception {
        assertTrue(HostPattern.parse("127.*.*.*").matches(ip("::ffff:127.0.0.1")));
    }

    @Test
    void ipv4GlobNeverMatchesIpv6() throws Exception {
        assertFalse(HostPattern.parse("*.*.*.*").matches(ip("::1")));
    }

    @Test
    void rejectsWhatIsNotAnAddressOrGlob() {
        for (String bad : new String[] {"", "localhost", "10.*", "10.0.0", "10.0.0.256", "10.0.0.1.2", "10.0.0.1*",
                "1a.0.0.1", "10..0.1", "::g", "example.com", "-1.0.0.0"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPattern.parse(bad), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void keepsTheConfiguredText() {
        assertEquals("172.*.*.*", HostPattern.parse("172.*.*.*").toString());
    }
}
