package io.mixgate.script;

/**
 * The numeric format codes of PHP's {@code pack()}/{@code unpack()}: their width in bytes, byte
 * order and how {@code unpack} reads them. "Machine" order and size are those of PHP on x86_64
 * Linux, the platform CONNMIX scripts were written against: little-endian, with a 4-byte
 * {@code int} ({@code i}/{@code I}) and 32-bit {@code l}/{@code L}.
 *
 * <p>Immutable.
 */
enum PhpNumberCode {
    c('c', 1, false, Kind.SIGNED), C('C', 1, false, Kind.UNSIGNED),
    s('s', 2, false, Kind.SIGNED), S('S', 2, false, Kind.UNSIGNED),
    n('n', 2, true, Kind.UNSIGNED), v('v', 2, false, Kind.UNSIGNED),
    i('i', 4, false, Kind.SIGNED), I('I', 4, false, Kind.UNSIGNED),
    l('l', 4, false, Kind.SIGNED), L('L', 4, false, Kind.UNSIGNED),
    N('N', 4, true, Kind.UNSIGNED), V('V', 4, false, Kind.UNSIGNED),
    // PHP has only signed 64-bit integers: Q, J and P read as q does, 2^63 and above come back negative
    q('q', 8, false, Kind.SIGNED), Q('Q', 8, false, Kind.SIGNED),
    J('J', 8, true, Kind.SIGNED), P('P', 8, false, Kind.SIGNED),
    f('f', 4, false, Kind.FLOAT), g('g', 4, false, Kind.FLOAT), G('G', 4, true, Kind.FLOAT),
    d('d', 8, false, Kind.DOUBLE), e('e', 8, false, Kind.DOUBLE), E('E', 8, true, Kind.DOUBLE);

    /** How the bytes are read back. */
    enum Kind { SIGNED, UNSIGNED, FLOAT, DOUBLE }

    private static final PhpNumberCode[] BY_CHAR = new PhpNumberCode[128];

    static {
        for (PhpNumberCode code : values()) {
            BY_CHAR[code.code] = code;
        }
    }

    final char code;
    final int width;
    final boolean bigEndian;
    final Kind kind;

    PhpNumberCode(char code, int width, boolean bigEndian, Kind kind) {
        this.code = code;
        this.width = width;
        this.bigEndian = bigEndian;
        this.kind = kind;
    }

    /** The numeric code written {@code c}, or {@code null} if {@code c} is not one. */
    static PhpNumberCode of(char c) {
        return c < BY_CHAR.length ? BY_CHAR[c] : null;
    }

    boolean isFloating() {
        return kind == Kind.FLOAT || kind == Kind.DOUBLE;
    }

    /** Writes the low {@link #width} bytes of {@code bits} at {@code at}, in this code's order. */
    void write(long bits, byte[] out, int at) {
        for (int k = 0; k < width; k++) {
            out[bigEndian ? at + width - 1 - k : at + k] = (byte) (bits >>> (8 * k));
        }
    }

    /** Reads {@link #width} bytes at {@code at} as unsigned bits, in this code's order. */
    long read(byte[] in, int at) {
        long bits = 0;
        for (int k = 0; k < width; k++) {
            bits |= (in[bigEndian ? at + width - 1 - k : at + k] & 0xffL) << (8 * k);
        }
        return bits;
    }
}
