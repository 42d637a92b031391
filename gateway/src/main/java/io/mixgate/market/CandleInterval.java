package io.mixgate.market;

/**
 * A candle interval by its Binance name ({@code 1s 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d}).
 * Each divides a day, so a candle starts at {@code floor(t / millis) × millis}: aligned to UTC
 * boundaries (a day candle starts at 00:00 UTC). Weeks and months are not offered (they do not
 * divide evenly from the epoch). Immutable.
 */
public record CandleInterval(String name, long millis) {
    private static final String[] NAMES = {"1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d"};

    /** @throws IllegalArgumentException naming {@code what} and the value when it is not a known interval */
    public static CandleInterval named(String what, String name) {
        for (String n : NAMES) {
            if (n.equals(name)) {
                long unit = switch (n.charAt(n.length() - 1)) {
                    case 's' -> 1_000L;
                    case 'm' -> 60_000L;
                    case 'h' -> 3_600_000L;
                    default -> 86_400_000L;
                };
                return new CandleInterval(n, Long.parseLong(n.substring(0, n.length() - 1)) * unit);
            }
        }
        throw new IllegalArgumentException(what + ": \"" + name + "\" (expected: one of " + String.join(", ", NAMES) + ")");
    }

    /** The start of the interval holding {@code time}. */
    public long start(long time) {
        return Math.floorDiv(time, millis) * millis;
    }
}
