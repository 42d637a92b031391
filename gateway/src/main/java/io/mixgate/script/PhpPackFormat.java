package io.mixgate.script;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the format strings of PHP's {@code pack()} and {@code unpack()} into parts: a code,
 * its repeater (a number, or {@code *}) and, for {@code unpack}, the name of the values.
 *
 * <p>A {@code pack} format is a run of {@code code[count]}; an {@code unpack} format is
 * {@code code[count]name} parts separated by {@code /} ({@code "nlen/a*data"}). A missing
 * count is 1. Which codes exist, and what a count means for each, is for {@link PhpPack} and
 * {@link PhpUnpack} to say: this class only reads the syntax. Format bytes are read as
 * ISO-8859-1 characters, so names keep their exact bytes.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
final class PhpPackFormat {
    /** The count of a part written {@code *}. */
    static final int STAR = -1;
    /** PHP cuts names at 200 bytes. */
    private static final int MAX_NAME = 200;

    /**
     * One part of a format.
     *
     * @param code  the format code
     * @param count the repeater, {@code 0..Integer.MAX_VALUE}, or {@link #STAR}
     * @param name  the name of the values ({@code unpack} only; empty when none)
     */
    record Part(char code, int count, String name) {
        boolean star() {
            return count == STAR;
        }
    }

    private PhpPackFormat() {
    }

    /** The parts of a {@code pack} format. */
    static List<Part> forPack(String format) throws PhpPackException {
        List<Part> parts = new ArrayList<>();
        int[] at = {0};
        while (at[0] < format.length()) {
            char code = format.charAt(at[0]++);
            parts.add(new Part(code, count(format, at, code), ""));
        }
        return parts;
    }

    /** The parts of an {@code unpack} format. */
    static List<Part> forUnpack(String format) throws PhpPackException {
        List<Part> parts = new ArrayList<>();
        int[] at = {0};
        while (at[0] < format.length()) {
            char code = format.charAt(at[0]++);
            int count = count(format, at, code);
            int nameStart = at[0];
            while (at[0] < format.length() && format.charAt(at[0]) != '/') {
                at[0]++;
            }
            String name = format.substring(nameStart, Math.min(at[0], nameStart + MAX_NAME));
            parts.add(new Part(code, count, name));
            if (at[0] < format.length()) {
                at[0]++; // the '/'
            }
        }
        return parts;
    }

    /** Reads the repeater after a code at {@code at[0]}, moving past it. */
    private static int count(String format, int[] at, char code) throws PhpPackException {
        int i = at[0];
        if (i < format.length() && format.charAt(i) == '*') {
            at[0] = i + 1;
            return STAR;
        }
        long count = 1;
        if (i < format.length() && isDigit(format.charAt(i))) {
            count = 0;
            while (i < format.length() && isDigit(format.charAt(i))) {
                count = count * 10 + (format.charAt(i++) - '0');
                if (count > Integer.MAX_VALUE) {
                    throw PhpPackException.of(code, "integer overflow");
                }
            }
        }
        at[0] = i;
        return (int) count;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
