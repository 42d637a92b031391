package io.mixgate.config;

import java.time.Duration;

/**
 * The PostgreSQL candle store ({@code candles.postgres} in the YAML), used when
 * {@code candles.store} is {@code postgres}. Every key may be left out.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param url            a JDBC URL, {@code jdbc:postgresql://host:port/database[?...]}, default
 *                       {@code jdbc:postgresql://127.0.0.1:5432/mixgate}
 * @param user           default {@code mixgate}
 * @param password       default empty (none); also {@code MIXGATE_CANDLES_POSTGRES_PASSWORD}, like every key
 * @param table          the table, created if missing; a plain SQL name ({@code [a-z_][a-z0-9_]*}, at most 63),
 *                       default {@code mixgate_candles}
 * @param poolSize       connections this node opens at most, {@code 1..64}, default 4
 * @param connectTimeout how long connecting may take, {@code 1s..60s}, default 5s
 * @param queryTimeout   how long a statement (and the wait for a free connection) may take, {@code 1s..60s}, default 5s
 */
public record CandlesPostgresConfig(String url, String user, String password, String table, Integer poolSize,
                                    Duration connectTimeout, Duration queryTimeout) {

    public CandlesPostgresConfig {
        url = url == null ? "jdbc:postgresql://127.0.0.1:5432/mixgate" : url;
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new InvalidValueException("url", Require.show(url), "jdbc:postgresql://host:port/database");
        }
        user = user == null ? "mixgate" : user;
        password = password == null ? "" : password;
        table = table == null ? "mixgate_candles" : table;
        if (!table.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new InvalidValueException("table", Require.show(table),
                    "a plain SQL name: lower-case letters, digits and _, not starting with a digit, at most 63");
        }
        poolSize = Require.range("poolSize", poolSize == null ? 4 : poolSize, 1, 64);
        connectTimeout = Require.durationRange("connectTimeout", connectTimeout == null ? Duration.ofSeconds(5)
                : connectTimeout, Duration.ofSeconds(1), Duration.ofSeconds(60));
        queryTimeout = Require.durationRange("queryTimeout", queryTimeout == null ? Duration.ofSeconds(5)
                : queryTimeout, Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    public static CandlesPostgresConfig defaults() {
        return new CandlesPostgresConfig(null, null, null, null, null, null, null);
    }

    /** The password is never shown (logs, {@code mixgate defaults}). */
    @Override
    public String toString() {
        return "CandlesPostgresConfig[url=" + url + ", user=" + user + ", table=" + table + ", poolSize=" + poolSize
                + ", connectTimeout=" + connectTimeout + ", queryTimeout=" + queryTimeout + "]";
    }
}
