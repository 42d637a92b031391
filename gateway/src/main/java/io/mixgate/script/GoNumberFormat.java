package io.mixgate.script;

import java.math.BigDecimal;

/**
 * Formats a double as Go's {@code encoding/json} formats a {@code float64}, so that numbers a
 * script encodes look the same as under CONNMIX: shortest round-trip digits, plain notation for
 * magnitudes in [1e-6, 1e21), exponent notation ({@code 1e+21}, {@code 1e-7}) outside.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
final class GoNumberFormat {

    private GoNumberFormat() {
    }

    /**
     * @throws IllegalArgumentException for NaN and infinities, which JSON cannot represent
     */
    static String format(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("cannot encode " + (Double.isNaN(d) ? "nan" : "inf") + " to JSON");
        }
        if (d == 0) {
            return "0"; // Go writes -0 as "-0"; a Lua script cannot tell them apart
        }
        // Double.toString gives the shortest digits that round-trip (JDK 19+)
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-6 && abs < 1e21) {
            return exact.toPlainString();
        }
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        StringBuilder out = new StringBuilder();
        if (d < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        return out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent)).toString();
    }
}
