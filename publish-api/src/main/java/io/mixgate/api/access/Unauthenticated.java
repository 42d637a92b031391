package io.mixgate.api.access;

import java.util.Locale;

/**
 * Who may use the API while no user is configured ({@code access.unauthenticated}). Once any
 * user is configured this no longer applies: every non-public route then needs credentials,
 * from loopback too.
 */
public enum Unauthenticated {
    /** Loopback clients only (127.0.0.0/8, ::1): the safe default. */
    LOOPBACK,
    /** Everyone, without credentials: only behind a firewall or a proxy that checks them. */
    ALL;

    /** The config spelling: {@code loopback} or {@code all}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
