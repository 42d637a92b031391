package io.mixgate.api.access;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a user may call the API from: {@code *} (anywhere), an exact IPv4 or IPv6 address
 * ({@code 10.0.0.7}, {@code ::1}), or an IPv4 glob whose octets are numbers or {@code *}
 * ({@code 172.*.*.*}, {@code 10.0.*.*}), as CONNMIX's {@code access.users[].host}. Only whole
 * octets are wildcards; host names are not accepted (they would need DNS on every request).
 *
 * <p>Immutable and thread-safe.
 */
public final class HostPattern {

    /** What {@link #parse} accepts, in words, for error messages. */
    public static final String EXPECTED = "*, an IP address, or an IPv4 glob such as 172.*.*.*";

    private static final HostPattern ANY = new HostPattern("*", null, null);

    private final String text;
    /** IPv4 glob: each octet 0..255, or -1 for {@code *}; null otherwise. */
    private final int[] octets;
    /** An exact IPv6 address; null otherwise. */
    private final InetAddress exact;

    private HostPattern(String text, int[] octets, InetAddress exact) {
        this.text = text;
        this.octets = octets;
        this.exact = exact;
    }

    /**
     * @throws IllegalArgumentException when {@code text} is none of {@link #EXPECTED}
     */
    public static HostPattern parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        if (trimmed.equals("*")) {
            return ANY;
        }
        if (trimmed.indexOf(':') >= 0) {
            return new HostPattern(trimmed, null, ipv6(trimmed));
        }
        String[] parts = trimmed.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not " + EXPECTED + ": " + text);
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            octets[i] = octet(parts[i], text);
        }
        return new HostPattern(trimmed, octets, null);
    }

    /** Whether a client at {@code address} may call from there. */
    public boolean matches(InetAddress address) {
        if (this == ANY) {
            return true;
        }
        if (address == null) {
            return false;
        }
        if (octets != null) {
            if (!(address instanceof Inet4Address)) {
                return false; // Java already turns IPv4-mapped IPv6 addresses into Inet4Address
            }
            byte[] bytes = address.getAddress();
            for (int i = 0; i < 4; i++) {
                if (octets[i] >= 0 && octets[i] != (bytes[i] & 0xff)) {
                    return false;
                }
            }
            return true;
        }
        return Arrays.equals(exact.getAddress(), address.getAddress());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostPattern other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The pattern as configured. */
    @Override
    public String toString() {
        return text;
    }

    private static int octet(String part, String text) {
        if (part.equals("*")) {
            return -1;
        }
        if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not " + EXPECTED + ": " + text);
        }
        int value = Integer.parseInt(part);
        if (value > 255) {
            throw new IllegalArgumentException("octet " + part + " is over 255 in " + text);
        }
        return value;
    }

    private static InetAddress ipv6(String text) {
        // only hex digits, colons and dots (an embedded IPv4 tail): a literal, so no DNS lookup happens
        if (!text.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not " + EXPECTED + ": " + text);
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not " + EXPECTED + ": " + text, e);
        }
    }
}
