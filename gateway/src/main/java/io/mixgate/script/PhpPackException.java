package io.mixgate.script;

/**
 * Bad input to {@code mix.php_pack} or {@code mix.php_unpack}: a format, an argument or data
 * that PHP would refuse or warn about. The message names the format code and the problem, in
 * PHP's words where PHP has them ("Type N: not enough input, need 4, have 2"); the Lua binding
 * returns it as {@code nil, message}.
 *
 * <p>Immutable.
 */
final class PhpPackException extends Exception {
    PhpPackException(String message) {
        super(message, null, false, false);
    }

    /** A problem with format code {@code code}: {@code "Type c: problem"}. */
    static PhpPackException of(char code, String problem) {
        return new PhpPackException("Type " + printable(code) + ": " + problem);
    }

    /** A format byte as it is shown in a message: itself when printable, else {@code \xNN}. */
    static String printable(char c) {
        return c >= 0x21 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c);
    }
}
