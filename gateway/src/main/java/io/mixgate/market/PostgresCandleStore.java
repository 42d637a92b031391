package io.mixgate.market;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Candle history in PostgreSQL over JDBC: one table (created if missing) with exact
 * {@code NUMERIC} columns and the primary key {@code (pair, interval, open_time)}; a put is
 * {@code INSERT ... ON CONFLICT DO NOTHING}, so the first writer wins, across nodes too. Each put
 * first deletes that series' candles older than the retention.
 *
 * <p>Connections: at most {@code poolSize}, opened on demand, each reused; a connection that
 * failed a statement is closed and replaced by a new one on the next call (reconnect). Every wait
 * is bounded: for a free connection and for each statement by {@code queryTimeout}, for connecting
 * by {@code connectTimeout}.
 *
 * <p>Thread-safe. Calls block (JDBC): make them on a virtual thread (a script lane).
 */
public final class PostgresCandleStore implements CandleStore {
    private static final String COLUMNS = "open_time, open, high, low, close, volume, quote_volume, trades";

    /** Where and how to connect; {@code table} is a plain SQL name (checked by the config). */
    public record Settings(String url, String user, String password, String table, int poolSize,
                           Duration connectTimeout, Duration queryTimeout) {
    }

    private final Settings settings;
    private final CandleRetention retention;
    private final int maxRange;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean tableReady;
    private volatile boolean closed;

    public PostgresCandleStore(Settings settings, CandleRetention retention, int maxRange) {
        this.settings = settings;
        this.retention = retention;
        this.maxRange = maxRange;
        this.permits = new Semaphore(settings.poolSize());
    }

    @Override
    public boolean put(String pair, StoredCandle c) throws CandleStoreException {
        CandleStore.checkPair(pair);
        long cutoff = retention.cutoff(c.interval());
        return run(true, connection -> {
            try (PreparedStatement trim = connection.prepareStatement("DELETE FROM " + settings.table()
                    + " WHERE pair = ? AND \"interval\" = ? AND open_time < ?")) {
                trim.setQueryTimeout(seconds(settings.queryTimeout()));
                trim.setString(1, pair);
                trim.setString(2, c.interval().name());
                trim.setLong(3, cutoff);
                trim.executeUpdate();
            }
            if (c.openTime() < cutoff) {
                return false;
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + settings.table()
                    + " (pair, \"interval\", " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setQueryTimeout(seconds(settings.queryTimeout()));
                insert.setString(1, pair);
                insert.setString(2, c.interval().name());
                insert.setLong(3, c.openTime());
                insert.setBigDecimal(4, c.open());
                insert.setBigDecimal(5, c.high());
                insert.setBigDecimal(6, c.low());
                insert.setBigDecimal(7, c.close());
                insert.setBigDecimal(8, c.volume());
                insert.setBigDecimal(9, c.quoteVolume());
                insert.setLong(10, c.trades());
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<StoredCandle> range(String pair, CandleInterval interval, long from, long to, int limit, boolean last)
            throws CandleStoreException {
        int n = CandleStore.checkRange(pair, interval, from, to, limit, maxRange);
        return run(false, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + settings.table()
                    + " WHERE pair = ? AND \"interval\" = ? AND open_time BETWEEN ? AND ? ORDER BY open_time "
                    + (last ? "DESC" : "ASC") + " LIMIT ?")) {
                select.setQueryTimeout(seconds(settings.queryTimeout()));
                select.setString(1, pair);
                select.setString(2, interval.name());
                select.setLong(3, from);
                select.setLong(4, to);
                select.setInt(5, n);
                List<StoredCandle> out = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredCandle(interval, rs.getLong(1), rs.getBigDecimal(2), rs.getBigDecimal(3),
                                rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7),
                                rs.getLong(8)));
                    }
                }
                return last ? out.reversed() : out;
            }
        });
    }

    private interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private <T> T run(boolean write, Work<T> work) throws CandleStoreException {
        if (closed) {
            throw new CandleStoreException("candle store unavailable: closed", false, null);
        }
        try {
            if (!permits.tryAcquire(settings.queryTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new CandleStoreException("candle store unavailable: postgres: no free connection within "
                        + settings.queryTimeout().toMillis() + " ms (candles.postgres.poolSize is "
                        + settings.poolSize() + ")", false, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CandleStoreException("candle store unavailable: interrupted", false, e);
        }
        Connection connection = null;
        boolean sent = false;
        try {
            connection = idle.pollFirst();
            if (connection == null) {
                connection = connect();
            }
            ensureTable(connection);
            sent = true;
            T result = work.on(connection);
            idle.addFirst(connection);
            connection = null;
            return result;
        } catch (SQLException e) {
            throw new CandleStoreException("candle store unavailable: postgres: " + e.getMessage(), write && sent, e);
        } finally {
            if (connection != null) {
                try {
                    connection.close(); // failed: a fresh connection next time
                } catch (SQLException ignored) {
                    // it is gone either way
                }
            }
            permits.release();
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", settings.user());
        if (!settings.password().isEmpty()) {
            p.setProperty("password", settings.password());
        }
        p.setProperty("connectTimeout", Integer.toString(seconds(settings.connectTimeout())));
        p.setProperty("loginTimeout", Integer.toString(seconds(settings.connectTimeout())));
        // a lost server must not hold a lane forever: the socket gives up a little after the query timeout
        p.setProperty("socketTimeout", Integer.toString(seconds(settings.queryTimeout()) + 1));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "mixgate-candles");
        return DriverManager.getConnection(settings.url(), p);
    }

    private void ensureTable(Connection connection) throws SQLException {
        if (tableReady) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(seconds(settings.queryTimeout()));
            s.execute("CREATE TABLE IF NOT EXISTS " + settings.table() + " (pair TEXT NOT NULL, \"interval\" TEXT NOT NULL,"
                    + " open_time BIGINT NOT NULL, open NUMERIC NOT NULL, high NUMERIC NOT NULL, low NUMERIC NOT NULL,"
                    + " close NUMERIC NOT NULL, volume NUMERIC NOT NULL, quote_volume NUMERIC NOT NULL,"
                    + " trades BIGINT NOT NULL, PRIMARY KEY (pair, \"interval\", open_time))");
        } catch (SQLException e) {
            // two nodes creating it at once: one loses the race on the catalog, the table is there all the same
            if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                throw e;
            }
        }
        tableReady = true;
    }

    private static int seconds(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (d.toMillis() + 999) / 1000));
    }

    @Override
    public int maxRange() {
        return maxRange;
    }

    @Override
    public void close() {
        closed = true;
        for (Connection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
