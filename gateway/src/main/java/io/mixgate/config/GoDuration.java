package io.mixgate.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;

/**
 * Parses and prints durations the way Go's {@code time.ParseDuration} and {@code Duration.String}
 * do ({@code "1h"}, {@code "1m30s"}, {@code "500ms"}, {@code "1.5s"}), because CONNMIX scripts
 * were written against Go and pass such strings around (for example {@code timeout = "30s"}),
 * and CONNMIX's YAML config uses them ({@code readTimeout: 60s}). The one parser of the node:
 * config uses {@link #parseOrSeconds}, scripts {@link #parse}.
 *
 * <p>Stateless; safe for use from any thread.
 */
public final class GoDuration {

    /** The text shown to users when a duration cannot be parsed. */
    public static final String EXPECTED = "a duration such as 60s, 500ms, 1h";

    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L, // micro sign
            "\u03bcs", 1_000L, // Greek mu
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /**
     * Parses a Go duration string: an optional sign and a sequence of decimal numbers, each with
     * an optional fraction and a unit ({@code ns us µs ms s m h}); {@code "0"} alone is allowed.
     *
     * @throws IllegalArgumentException naming the input and the problem, as Go would reject it
     */
    public static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text, "invalid duration");
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int numberStart = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(numberStart, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw invalid(text, "invalid duration");
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw invalid(text, "missing unit in duration");
            }
            Long nanos = UNIT_NANOS.get(unit);
            if (nanos == null) {
                throw invalid(text, "unknown unit \"" + unit + "\" in duration");
            }
            total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(nanos)));
        }
        BigInteger whole = total.toBigInteger(); // Go truncates fractions of a nanosecond
        if (whole.compareTo(MAX_NANOS) > 0) {
            throw invalid(text, "invalid duration (overflow)");
        }
        long n = whole.longValueExact();
        return Duration.ofNanos(negative ? -n : n);
    }

    /** Formats like Go's {@code Duration.String}: {@code 2s}, {@code 1.5s}, {@code 300ms}, {@code 1h0m0s}. */
    public static String format(Duration duration) {
        long n = duration.toNanos();
        if (n == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder(n < 0 ? "-" : "");
        long u = Math.abs(n);
        if (u < 1_000L) {
            return out.append(u).append("ns").toString();
        }
        if (u < 1_000_000L) {
            return out.append(fraction(u, 1_000L)).append("\u00b5s").toString();
        }
        if (u < 1_000_000_000L) {
            return out.append(fraction(u, 1_000_000L)).append("ms").toString();
        }
        long hours = u / 3_600_000_000_000L;
        long minutes = u % 3_600_000_000_000L / 60_000_000_000L;
        long secondNanos = u % 60_000_000_000L;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(fraction(secondNanos, 1_000_000_000L)).append('s').toString();
    }

    /** Like {@link #parse}, but a bare number means seconds, as YAML users expect ({@code 10}, {@code 0.25}). */
    public static Duration parseOrSeconds(String text) {
        String s = text.strip();
        if (s.matches("[+]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
            return seconds(new BigDecimal(s));
        }
        return parse(s);
    }

    /** A duration of {@code seconds}, possibly fractional (truncated to nanoseconds). */
    public static Duration seconds(BigDecimal seconds) {
        BigDecimal nanos = seconds.movePointRight(9).setScale(0, RoundingMode.DOWN);
        if (nanos.abs().compareTo(new BigDecimal(MAX_NANOS)) > 0) {
            throw new IllegalArgumentException("invalid duration (overflow) \"" + seconds.toPlainString() + "\"");
        }
        return Duration.ofNanos(nanos.longValueExact());
    }

    private static String fraction(long value, long unit) {
        return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
    }

    private static IllegalArgumentException invalid(String text, String problem) {
        return new IllegalArgumentException(problem + " \"" + text + "\"");
    }
}
