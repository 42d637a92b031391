package io.mixgate.api.access;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * A configured password: plain text, or a bcrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$},
 * cost {@value #MAX_COST} at most). Plain passwords are compared in constant time over their
 * SHA-256 digests, so neither the content nor the length leaks through timing. A bcrypt check
 * takes as long as the cost says (about 50-100 ms at cost 10): see {@link #slow()}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the secret.
 */
public final class Password {

    /** The highest bcrypt cost accepted: each step doubles the time, and cost 15 already takes seconds. */
    public static final int MAX_COST = 14;

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");
    private static final Pattern BCRYPT_PREFIX = Pattern.compile("\\$2[aby]\\$.*", Pattern.DOTALL);

    private final byte[] digest;   // plain: SHA-256 of the password
    private final byte[] hash;     // bcrypt: the hash as ASCII

    private Password(byte[] digest, byte[] hash) {
        this.digest = digest;
        this.hash = hash;
    }

    /**
     * A password as configured: a string starting with {@code $2a$}, {@code $2b$} or {@code $2y$}
     * is a bcrypt hash, anything else plain text.
     *
     * @throws IllegalArgumentException when it is empty, or looks like a bcrypt hash but is not a
     *                                  valid one (the message never shows the value)
     */
    public static Password of(String configured) {
        if (configured == null || configured.isEmpty()) {
            throw new IllegalArgumentException("a non-empty password");
        }
        if (BCRYPT_PREFIX.matcher(configured).matches()) {
            var m = BCRYPT.matcher(configured);
            if (!m.matches()) {
                throw new IllegalArgumentException("a bcrypt hash of 60 characters ($2a$NN$ + 53 of ./A-Za-z0-9)");
            }
            int cost = Integer.parseInt(m.group(1));
            if (cost < 4 || cost > MAX_COST) {
                throw new IllegalArgumentException("a bcrypt hash of cost 4.." + MAX_COST + " (this one has " + cost + ")");
            }
            return new Password(null, configured.getBytes(StandardCharsets.US_ASCII));
        }
        return new Password(sha256(configured), null);
    }

    /** Whether checking takes long (bcrypt) and is worth caching and keeping off I/O threads. */
    public boolean slow() {
        return hash != null;
    }

    /** Whether {@code candidate} is this password. */
    public boolean matches(String candidate) {
        if (hash == null) {
            return MessageDigest.isEqual(digest, sha256(candidate));
        }
        try {
            return BCrypt.verifyer().verify(candidate.getBytes(StandardCharsets.UTF_8), hash).verified;
        } catch (IllegalArgumentException e) {
            return false; // over bcrypt's 72 bytes, say: it cannot be the password
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Password other && MessageDigest.isEqual(key(), other.key());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(key());
    }

    @Override
    public String toString() {
        return hash == null ? "Password[plain]" : "Password[bcrypt]";
    }

    private byte[] key() {
        return hash == null ? digest : hash;
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
