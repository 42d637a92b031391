package io.mixgate.script;

/**
 * Finds UTF-8 character boundaries in byte strings with the rules of Go's
 * {@code utf8.DecodeRune}: a byte that does not start a valid, complete, shortest-form
 * sequence counts as a character of its own.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
final class Utf8 {

    private Utf8() {
    }

    /** Length (1..4) of the character starting at {@code at}, looking no further than {@code end}. */
    static int sequenceLength(byte[] bytes, int at, int end) {
        int b0 = bytes[at] & 0xff;
        int size;
        int lo = 0x80;
        int hi = 0xbf;
        if (b0 < 0x80) {
            return 1;
        } else if (b0 >= 0xc2 && b0 <= 0xdf) {
            size = 2;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            size = 3;
            lo = b0 == 0xe0 ? 0xa0 : lo; // no overlong forms
            hi = b0 == 0xed ? 0x9f : hi; // no surrogates
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            size = 4;
            lo = b0 == 0xf0 ? 0x90 : lo;
            hi = b0 == 0xf4 ? 0x8f : hi; // nothing above U+10FFFF
        } else {
            return 1;
        }
        if (at + size > end) {
            return 1;
        }
        int b1 = bytes[at + 1] & 0xff;
        if (b1 < lo || b1 > hi) {
            return 1;
        }
        for (int i = 2; i < size; i++) {
            int b = bytes[at + i] & 0xff;
            if (b < 0x80 || b > 0xbf) {
                return 1;
            }
        }
        return size;
    }
}
