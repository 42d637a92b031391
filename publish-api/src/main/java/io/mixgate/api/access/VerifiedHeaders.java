package io.mixgate.api.access;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which {@code Authorization} headers were verified, and as whom, so that a back office
 * sending the same header on every request pays bcrypt once. Bounded (least recently used entries
 * go first); keys are SHA-256 digests of the header, so no password is kept in memory. Belongs to
 * one user list: replacing the list replaces the cache, so a changed or removed password is never
 * accepted from it.
 *
 * <p>Thread-safe (synchronized; each call is a map lookup).
 */
final class VerifiedHeaders {

    private final Map<String, ApiUser> entries;

    VerifiedHeaders(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ApiUser> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized ApiUser get(String header) {
        return entries.get(key(header));
    }

    synchronized void put(String header, ApiUser user) {
        entries.put(key(header), user);
    }

    synchronized int size() {
        return entries.size();
    }

    private static String key(String header) {
        return java.util.HexFormat.of().formatHex(Password.sha256(header));
    }
}
