package io.mixgate.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way CONNMIX (a Go program) writes them: {@code 60s},
 * {@code 500ms}, {@code 1h}, {@code 1m30s}, {@code 1.5h}; units {@code ns},
 * {@code us} ({@code µs}), {@code ms}, {@code s}, {@code m}, {@code h}. A bare
 * number means seconds, which Go does not accept but YAML users expect.
 */
final class GoDuration {

    /** The text shown to users when a duration cannot be parsed. */
    static final String EXPECTED = "a duration such as 60s, 500ms, 1h";

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+(?:\\.\\d*)?|\\.\\d+");
    private static final long[] UNIT_NANOS = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
    private static final String[] UNIT_NAMES = {"h", "m", "s", "ms", "us", "ns"};

    private GoDuration() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException if it is not a duration
     */
    static Duration parse(String text) {
        String body = text.strip();
        boolean negative = body.startsWith("-");
        if (negative || body.startsWith("+")) {
            body = body.substring(1);
        }
        if (body.isEmpty()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        if (BARE_NUMBER.matcher(body).matches()) {
            return signed(negative, seconds(new BigDecimal(body)));
        }
        Matcher part = PART.matcher(body);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (part.lookingAt()) {
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(unitNanos(part.group(2)))));
            end = part.end();
            part.region(end, body.length());
        }
        if (end != body.length()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        return signed(negative, ofNanos(nanos, text));
    }

    /** A duration of {@code seconds}, possibly fractional. */
    static Duration seconds(BigDecimal seconds) {
        return ofNanos(seconds.movePointRight(9), seconds.toPlainString());
    }

    /** The shortest Go-style text for {@code duration}: {@code 0s}, {@code 1m30s}, {@code 500ms}. */
    static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder(duration.isNegative() ? "-" : "");
        BigDecimal rest = nanosOf(duration.abs());
        for (int i = 0; i < UNIT_NANOS.length; i++) {
            BigDecimal[] split = rest.divideAndRemainder(BigDecimal.valueOf(UNIT_NANOS[i]));
            if (split[0].signum() > 0) {
                out.append(split[0].toPlainString()).append(UNIT_NAMES[i]);
            }
            rest = split[1];
        }
        return out.toString();
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "h" -> UNIT_NANOS[0];
            case "m" -> UNIT_NANOS[1];
            case "s" -> UNIT_NANOS[2];
            case "ms" -> UNIT_NANOS[3];
            case "us", "µs", "μs" -> UNIT_NANOS[4];
            default -> UNIT_NANOS[5];
        };
    }

    private static Duration ofNanos(BigDecimal nanos, String text) {
        BigDecimal whole = nanos.setScale(0, RoundingMode.DOWN);
        BigDecimal[] split = whole.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
        try {
            return Duration.ofSeconds(split[0].longValueExact(), split[1].longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration out of range: " + text, e);
        }
    }

    private static BigDecimal nanosOf(Duration duration) {
        return BigDecimal.valueOf(duration.getSeconds()).movePointRight(9).add(BigDecimal.valueOf(duration.getNano()));
    }

    private static Duration signed(boolean negative, Duration duration) {
        return negative ? duration.negated() : duration;
    }
}
