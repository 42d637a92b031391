package io.mixgate.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua 5.1 pattern matching (the language of {@code string.find}, {@code match}, {@code gmatch}
 * and {@code gsub}) that counts its work: every step of the backtracking matcher is reported to
 * the callback's {@link CallBudget}, so a crafted pattern ({@code ("a?"):rep(30) .. ("a"):rep(30)}
 * against {@code ("a"):rep(30)}) is aborted at the budget instead of running for ages, and the
 * recursion is capped ("pattern too complex") so it cannot exhaust the thread's stack.
 *
 * <p>One instance matches one pattern against one subject; {@link #matchAt} may be called for
 * several start positions. Character classes follow the C locale (ASCII).
 *
 * <p>Thread safety: not thread-safe; used by one call of one built-in.
 */
final class LuaPattern {
    private static final int MAX_CAPTURES = 32;
    private static final int CAP_UNFINISHED = -1;
    private static final int CAP_POSITION = -2;
    /** Nested matcher calls; Lua 5.2 uses the same limit (MAXCCALLS). */
    private static final int MAX_DEPTH = 200;

    private final LuaString src;
    private final LuaString pat;
    private final int srcLen;
    private final int patLen;
    private final CallBudget budget;
    private final int[] captureStart = new int[MAX_CAPTURES];
    private final int[] captureLen = new int[MAX_CAPTURES];
    private int level;
    private int depth;

    LuaPattern(LuaString src, LuaString pat, CallBudget budget) {
        this.src = src;
        this.pat = pat;
        this.srcLen = src.length();
        this.patLen = pat.length();
        this.budget = budget;
    }

    /** Whether the pattern has none of Lua's special characters, so a plain search does. */
    static boolean isPlain(LuaString pat) {
        for (int i = 0; i < pat.length(); i++) {
            if ("^$*+?.([%-".indexOf(pat.luaByte(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Matches the pattern from pattern offset {@code p} at subject offset {@code s}.
     *
     * @return the end offset of the match, or -1
     */
    int matchAt(int s, int p) {
        level = 0;
        depth = 0;
        return match(s, p);
    }

    int srcLength() {
        return srcLen;
    }

    private int pc(int p) {
        return pat.luaByte(p);
    }

    private int sc(int s) {
        return src.luaByte(s);
    }

    private int match(int s, int p) {
        if (++depth > MAX_DEPTH) {
            throw new LuaError("pattern too complex");
        }
        try {
            while (true) {
                budget.work(1);
                if (p == patLen) {
                    return s;
                }
                int c = pc(p);
                if (c == '(') {
                    return p + 1 < patLen && pc(p + 1) == ')'
                            ? startCapture(s, p + 2, CAP_POSITION) : startCapture(s, p + 1, CAP_UNFINISHED);
                }
                if (c == ')') {
                    return endCapture(s, p + 1);
                }
                if (c == '$' && p + 1 == patLen) {
                    return s == srcLen ? s : -1;
                }
                if (c == '%' && p + 1 < patLen) {
                    int d = pc(p + 1);
                    if (d == 'b') {
                        s = matchBalance(s, p + 2);
                        if (s == -1) {
                            return -1;
                        }
                        p += 4;
                        continue;
                    }
                    if (d == 'f') {
                        p += 2;
                        if (p >= patLen || pc(p) != '[') {
                            throw new LuaError("missing '[' after '%f' in pattern");
                        }
                        int ep = classEnd(p);
                        int prev = s == 0 ? 0 : sc(s - 1);
                        int cur = s < srcLen ? sc(s) : 0;
                        if (matchBracket(prev, p, ep - 1) || !matchBracket(cur, p, ep - 1)) {
                            return -1;
                        }
                        p = ep;
                        continue;
                    }
                    if (d >= '0' && d <= '9') {
                        s = matchCapture(s, d);
                        if (s == -1) {
                            return -1;
                        }
                        p += 2;
                        continue;
                    }
                }
                int ep = classEnd(p);
                boolean m = s < srcLen && singleMatch(sc(s), p, ep);
                int op = ep < patLen ? pc(ep) : 0;
                if (op == '?') {
                    if (m) {
                        int r = match(s + 1, ep + 1);
                        if (r != -1) {
                            return r;
                        }
                    }
                    p = ep + 1;
                } else if (op == '*') {
                    return maxExpand(s, p, ep);
                } else if (op == '+') {
                    return m ? maxExpand(s + 1, p, ep) : -1;
                } else if (op == '-') {
                    return minExpand(s, p, ep);
                } else {
                    if (!m) {
                        return -1;
                    }
                    s++;
                    p = ep;
                }
            }
        } finally {
            depth--;
        }
    }

    private int maxExpand(int s, int p, int ep) {
        int i = 0;
        while (s + i < srcLen && singleMatch(sc(s + i), p, ep)) {
            budget.work(1);
            i++;
        }
        for (; i >= 0; i--) {
            int r = match(s + i, ep + 1);
            if (r != -1) {
                return r;
            }
        }
        return -1;
    }

    private int minExpand(int s, int p, int ep) {
        while (true) {
            int r = match(s, ep + 1);
            if (r != -1) {
                return r;
            }
            if (s < srcLen && singleMatch(sc(s), p, ep)) {
                s++;
            } else {
                return -1;
            }
        }
    }

    private int startCapture(int s, int p, int what) {
        if (level >= MAX_CAPTURES) {
            throw new LuaError("too many captures");
        }
        captureStart[level] = s;
        captureLen[level] = what;
        level++;
        int r = match(s, p);
        if (r == -1) {
            level--;
        }
        return r;
    }

    private int endCapture(int s, int p) {
        int l = captureToClose();
        captureLen[l] = s - captureStart[l];
        int r = match(s, p);
        if (r == -1) {
            captureLen[l] = CAP_UNFINISHED;
        }
        return r;
    }

    private int captureToClose() {
        for (int l = level - 1; l >= 0; l--) {
            if (captureLen[l] == CAP_UNFINISHED) {
                return l;
            }
        }
        throw new LuaError("invalid pattern capture");
    }

    private int matchBalance(int s, int p) {
        if (p + 1 >= patLen) {
            throw new LuaError("missing arguments to '%b'");
        }
        if (s >= srcLen || sc(s) != pc(p)) {
            return -1;
        }
        int open = pc(p);
        int close = pc(p + 1);
        int count = 1;
        while (++s < srcLen) {
            budget.work(1);
            int c = sc(s);
            if (c == close) {
                if (--count == 0) {
                    return s + 1;
                }
            } else if (c == open) {
                count++;
            }
        }
        return -1;
    }

    private int matchCapture(int s, int digit) {
        int l = digit - '1';
        if (l < 0 || l >= level || captureLen[l] == CAP_UNFINISHED) {
            throw new LuaError("invalid capture index");
        }
        int len = captureLen[l];
        if (srcLen - s < len) {
            return -1;
        }
        budget.work(len);
        int start = captureStart[l];
        for (int i = 0; i < len; i++) {
            if (sc(start + i) != sc(s + i)) {
                return -1;
            }
        }
        return s + len;
    }

    private int classEnd(int p) {
        int c = pc(p++);
        if (c == '%') {
            if (p >= patLen) {
                throw new LuaError("malformed pattern (ends with '%')");
            }
            return p + 1;
        }
        if (c == '[') {
            if (p < patLen && pc(p) == '^') {
                p++;
            }
            do {
                if (p >= patLen) {
                    throw new LuaError("malformed pattern (missing ']')");
                }
                int x = pc(p++);
                if (x == '%' && p < patLen) {
                    p++;
                }
            } while (p >= patLen || pc(p) != ']');
            return p + 1;
        }
        return p;
    }

    private boolean singleMatch(int c, int p, int ep) {
        int x = pc(p);
        return switch (x) {
            case '.' -> true;
            case '%' -> matchClass(c, pc(p + 1));
            case '[' -> matchBracket(c, p, ep - 1);
            default -> x == c;
        };
    }

    /** {@code p} is the '[' and {@code ec} the ']' of a set. */
    private boolean matchBracket(int c, int p, int ec) {
        boolean sig = true;
        if (pc(p + 1) == '^') {
            sig = false;
            p++;
        }
        while (++p < ec) {
            int x = pc(p);
            if (x == '%') {
                p++;
                if (matchClass(c, pc(p))) {
                    return sig;
                }
            } else if (p + 2 < ec && pc(p + 1) == '-') {
                p += 2;
                if (x <= c && c <= pc(p)) {
                    return sig;
                }
            } else if (x == c) {
                return sig;
            }
        }
        return !sig;
    }

    static boolean matchClass(int c, int cl) {
        boolean res;
        switch (Character.toLowerCase(cl)) {
            case 'a' -> res = isAlpha(c);
            case 'c' -> res = c < 32 || c == 127;
            case 'd' -> res = c >= '0' && c <= '9';
            case 'l' -> res = c >= 'a' && c <= 'z';
            case 'p' -> res = c > 32 && c < 127 && !isAlpha(c) && !(c >= '0' && c <= '9');
            case 's' -> res = c == ' ' || (c >= 9 && c <= 13);
            case 'u' -> res = c >= 'A' && c <= 'Z';
            case 'w' -> res = isAlpha(c) || (c >= '0' && c <= '9');
            case 'x' -> res = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            case 'z' -> res = c == 0;
            default -> {
                return cl == c;
            }
        }
        return cl >= 'A' && cl <= 'Z' ? !res : res;
    }

    private static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Capture {@code i} of the match {@code s..e}; the whole match when there are no captures and i is 0. */
    LuaValue capture(int i, int s, int e) {
        if (i >= level) {
            if (i == 0) {
                return src.substring(s, e);
            }
            throw new LuaError("invalid capture index");
        }
        int len = captureLen[i];
        if (len == CAP_UNFINISHED) {
            throw new LuaError("unfinished capture");
        }
        if (len == CAP_POSITION) {
            return LuaValue.valueOf(captureStart[i] + 1);
        }
        return src.substring(captureStart[i], captureStart[i] + len);
    }

    /** All captures of the match {@code s..e}, or the whole match when {@code wholeIfNone} and there are none. */
    Varargs captures(boolean wholeIfNone, int s, int e) {
        int n = level == 0 && wholeIfNone ? 1 : level;
        if (n == 0) {
            return LuaValue.NONE;
        }
        if (n == 1) {
            return capture(0, s, e);
        }
        LuaValue[] v = new LuaValue[n];
        for (int i = 0; i < n; i++) {
            v[i] = capture(i, s, e);
        }
        return LuaValue.varargsOf(v);
    }

    /** The whole match {@code s..e}. */
    LuaString whole(int s, int e) {
        return src.substring(s, e);
    }

    int captureCount() {
        return level;
    }
}
