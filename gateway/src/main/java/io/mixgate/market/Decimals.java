package io.mixgate.market;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * The decimal rules of the market calculators: prices and quantities arrive as decimal text
 * ({@code "7.6110"}, {@code "1.6E-7"}), are held as exact {@link BigDecimal}s (never binary
 * floating point), and leave as normalised plain text: trailing zeros stripped, no exponent,
 * zero as {@code "0"} ({@code "7.6110"} in, {@code "7.611"} out). Sums and products are exact;
 * a division (VWAP, weighted average, change %) is rounded half-even to 34 significant digits
 * ({@link #DIVISION}) unless a caller rounds to a fixed scale.
 *
 * <p>Thread safety: stateless.
 */
public final class Decimals {
    /** The precision of every division: IEEE 754 decimal128, half-even. */
    public static final MathContext DIVISION = MathContext.DECIMAL128;
    /** Longest accepted decimal text. */
    public static final int MAX_TEXT = 64;
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,2})?");

    private Decimals() {
    }

    /**
     * @param what names the value in the error, e.g. {@code "bids[3].price"}
     * @throws IllegalArgumentException naming {@code what} and the text when it is not a decimal
     */
    public static BigDecimal parse(String what, String text) {
        if (text == null) {
            throw new IllegalArgumentException(what + ": missing (expected: a decimal string)");
        }
        if (text.length() > MAX_TEXT || !DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException(what + ": " + shorten(text) + " (expected: a decimal such as \"0.5\")");
        }
        return new BigDecimal(text);
    }

    /** {@link #parse} that also refuses a negative value. */
    public static BigDecimal nonNegative(String what, String text) {
        BigDecimal d = parse(what, text);
        if (d.signum() < 0) {
            throw new IllegalArgumentException(what + ": " + text + " (expected: >= 0)");
        }
        return d;
    }

    /** {@link #parse} that also refuses zero and negative values. */
    public static BigDecimal positive(String what, String text) {
        BigDecimal d = parse(what, text);
        if (d.signum() <= 0) {
            throw new IllegalArgumentException(what + ": " + text + " (expected: > 0)");
        }
        return d;
    }

    /** The normalised plain text of {@code d}. */
    public static String text(BigDecimal d) {
        if (d.signum() == 0) {
            return "0";
        }
        return d.stripTrailingZeros().toPlainString();
    }

    /** {@code a / b} rounded by {@link #DIVISION}. */
    public static BigDecimal divide(BigDecimal a, BigDecimal b) {
        return a.divide(b, DIVISION);
    }

    /** {@code d} rounded half-even to {@code scale} digits after the point, or as it is when scale < 0. */
    public static BigDecimal round(BigDecimal d, int scale) {
        return scale < 0 ? d : d.setScale(scale, RoundingMode.HALF_EVEN);
    }

    private static String shorten(String text) {
        return text.length() > 40 ? "\"" + text.substring(0, 40) + "...\"" : "\"" + text + "\"";
    }
}
