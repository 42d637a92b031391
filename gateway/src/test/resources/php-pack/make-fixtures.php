<?php
// Expected bytes and values for PhpPackFixturesTest, made by PHP's own pack() and unpack().
// Regenerate (php-cli 8.x on x86_64 Linux: little-endian, 4-byte int) from the repository root with
//   php gateway/src/test/resources/php-pack/make-fixtures.php > gateway/src/test/resources/php-pack/fixtures.json
// Each case: a pack format and its arguments, the bytes pack() made (hex), and optionally an
// unpack format and the array unpack() made of those bytes. Unpack-only cases give the input bytes.
// The hand-written cases come first, then 400 random ones (those PHP refuses or warns about are left out).
// Arguments and values are typed so that the Java test can pass Lua the same values:
// ["int", "<decimal>"], ["float", "<hex of the IEEE double, big-endian>"], ["str", "<hex bytes>"].
error_reporting(E_ALL);
set_error_handler(function ($no, $msg) { fwrite(STDERR, "PHP warning: $msg\n"); exit(1); });

function typed($v) {
    if (is_int($v)) return ["int", (string) $v];
    if (is_float($v)) return ["float", bin2hex(pack("E", $v))];
    return ["str", bin2hex($v)];
}

function result($array) {
    $out = [];
    foreach ($array as $k => $v) {
        $out[] = [(string) $k, is_int($k), typed($v)];
    }
    return $out;
}

$I64MAX = PHP_INT_MAX;
$I64MIN = PHP_INT_MIN;
$pack = [
    // strings: a NUL-padded, A space-padded, Z NUL-terminated, with counts and *
    ["a5", ["hi"], "a5s"], ["a2", ["hello"], "a2s"], ["a*", ["hello"], "a*s"], ["a", ["xyz"], "as"],
    ["a0", ["x"], null], ["a6", ["hi\0\0 "], "a6s"],
    ["A5", ["hi"], "A5s"], ["A*", ["hi \t\r\n"], "A*s"], ["A6", ["a\0b"], "A6s"], ["A3", ["x\0 "], "A3s"],
    ["Z5", ["hi"], "Z5s"], ["Z2", ["hello"], "Z2s"], ["Z*", ["hello"], "Z*s"], ["Z", ["abc"], "Zs"],
    ["Z1", ["abc"], "Z1s"], ["a*", [10], "a*s"], ["A4", [1.5], "A4s"], ["Z*", [-7], "Z*s"], ["Z0", ["abc"], null], ["Z6", ["ab\0cd"], "Z6s"],
    // hex nibbles: h low first, H high first, odd counts, *
    ["H*", ["1a2B3c"], "H*h"], ["h*", ["1a2B3c"], "h*h"], ["H3", ["abc"], "H3h"], ["h3", ["abc"], "h3h"],
    ["H2", ["ff00"], "H2h"], ["H", ["f"], "Hh"], ["h", ["f"], "hh"], ["H0", ["ab"], null], ["H*", [""], "H*h"],
    ["H5h5", ["12345", "12345"], "H5a/h5b"],
    // bytes
    ["c", [-128], "cv"], ["c", [127], "cv"], ["c", [255], "cv"], ["C", [255], "Cv"], ["C", [256 + 7], "Cv"],
    ["C", [-1], "Cv"], ["c3", [1, -2, 3], "c3v"], ["C*", [1, 2, 250], "C*"], ["c*", [-1, -2], "c*"],
    ["C", [7.9], "C"], ["C", [-7.9], "c"], ["C", ["42"], "C"], ["C", ["3.7"], "C"],
    // 16-bit: s S machine (little-endian here), n big, v little
    ["s", [-1], "sv"], ["s", [32767], "sv"], ["s", [-32768], "sv"], ["S", [65535], "Sv"], ["S", [-1], "Sv"],
    ["S", [65536 + 2], "Sv"], ["n", [0x1234], "nv"], ["v", [0x1234], "vv"], ["n2", [1, 65535], "n2v"],
    ["v*", [1, 2, 3], "v*v"], ["n", [-2], "nv"],
    // 32-bit: i I (4-byte int), l L machine, N big, V little
    ["i", [-1], "iv"], ["i", [2147483647], "iv"], ["i", [-2147483648], "iv"], ["I", [4294967295], "Iv"],
    ["I", [-1], "Iv"], ["l", [-2], "lv"], ["l", [2147483648], "lv"], ["L", [4294967295], "Lv"],
    ["L", [-1], "Lv"], ["N", [0x12345678], "Nv"], ["V", [0x12345678], "Vv"], ["N", [4294967295], "Nv"],
    ["N", [4294967296 + 5], "Nv"], ["V", [-1], "Vv"], ["N2V2", [1, 2, 3, 4], "N2a/V2b"], ["l*", [1, -1], "l*"],
    ["N", [3000000000.0], "N"],
    // 64-bit: q Q machine, J big, P little
    ["q", [-1], "qv"], ["q", [$I64MAX], "qv"], ["q", [$I64MIN], "qv"], ["Q", [-1], "Qv"], ["Q", [$I64MAX], "Qv"],
    ["J", [0x0102030405060708], "Jv"], ["P", [0x0102030405060708], "Pv"], ["J", [$I64MIN], "Jv"],
    ["J", [9007199254740993], "Jv"], ["P", [-9007199254740993], "Pv"], ["J", [9007199254740992], "Jv"],
    ["J", [-9007199254740992], "Jv"], ["q2", [5, -5], "q2v"], ["J", [1], "J"], ["P", [4294967296], "P"],
    ["J", [1e15], "J"],
    // floats (no -0.0: LuaJ numbers have no negative zero): f machine, g little, G big; doubles: d machine, e little, E big
    ["f", [1.5], "fv"], ["g", [1.5], "gv"], ["G", [1.5], "Gv"], ["f", [0.1], "fv"],
    ["G", [3.4028234663852886e38], "Gv"], ["G", [1e39], "Gv"], ["G", [1e-46], "Gv"], ["g", [INF], "gv"],
    ["G", [-INF], "Gv"], ["f", [16777217], "fv"], ["f2", [1, 2], "f2v"], ["f", ["2.5"], "f"],
    ["d", [0.1], "dv"], ["e", [0.1], "ev"], ["E", [0.1], "Ev"], ["E", [1e308], "Ev"],
    ["E", [5e-324], "Ev"], ["e", [-INF], "ev"], ["E", [12345], "Ev"], ["d*", [1.25, -2.5], "d*v"],
    ["E", [PHP_FLOAT_MAX], "E"],
    // positioning: x NUL byte, X back one byte, @ absolute position
    ["x", [], null], ["x3", [], null], ["Cx2C", [1, 2], "Ca/x2/Cb"], ["CCCX", [1, 2, 3], "Ca/Cb"],
    ["a4X2a1", ["abcd", "z"], "a*s"], ["C@4C", [1, 2], "Ca/@4/Cb"], ["a5@2", ["hello"], "a*s"],
    ["@3", [], null], ["C@0C", [1, 2], "C"], ["a3X2", ["abc"], "a*"],
    // mixed protocol headers
    ["nvc*", [0x1234, 0x5678, 65, 66], "nlen/vid/c*rest"], ["NnCa*", [1, 2, 3, "body"], "Nlen/ntype/Cflag/a*body"],
    ["a4Na*", ["MIXG", 5, "hello"], "a4magic/Nsize/a*data"], ["CnCA*", [0x81, 126, 0, "x "], "Cop/nlen/Cz/A*tail"],
];

$unpack = [
    // unpack-only: keys, names, *, offsets into the data
    ["C", "ff"], ["c", "ff"], ["C2", "0102"], ["C2x", "0102"], ["Cx/Cy", "0102"], ["C*", ""], ["C*x", "010203"],
    ["a*", ""], ["A*", "2020000a"], ["Z*", "616200636400"], ["Z*", "6162"], ["a3/a*rest", "6162636465"],
    ["H*", "0aff"], ["h*", "0aff"], ["H3", "abcd"], ["h1", "ab"], ["H*x/a*y", "ab"], ["Ca/H*x/a*y", "01ab"], ["H2x/Cy", "ab01"],
    ["Cfirst/x/Cthird", "010203"], ["C/C", "0102"], ["Ca/X/Cb", "07"], ["C2a/X2/Cb", "0506"], ["@1/Cb", "0102"],
    ["@2/a*r", "010203"], ["n*", "000100020003"], ["v2n/Ctail", "0100020003"], ["N", "ffffffff"],
    ["V", "ffffffff"], ["L", "ffffffff"], ["l", "ffffffff"], ["I", "ffffffff"], ["i", "feffffff"],
    ["J", "ffffffffffffffff"], ["J", "7fffffffffffffff"], ["P", "0000000000002000"], ["J", "0020000000000000"],
    ["J", "0020000000000001"], ["q", "0100000000000080"], ["E", "7ff8000000000000"], ["G", "7fc00000"],
    ["c2chars/nints", "0102000a"], ["C/@0/Cb", "0102"], ["C/X0/Cb", "0102"], ["C2/@1/Cb", "0102"], ["Cx2C", "010203"],
];

$cases = [];
foreach ($pack as [$fmt, $args, $ufmt]) {
    $bytes = pack($fmt, ...$args);
    $case = ["pack" => $fmt, "args" => array_map('typed', $args), "hex" => bin2hex($bytes)];
    if ($ufmt !== null) {
        $case["unpack"] = $ufmt;
        $case["result"] = result(unpack($ufmt, $bytes));
    }
    $cases[] = $case;
}
foreach ($unpack as [$ufmt, $hex]) {
    $cases[] = ["unpack" => $ufmt, "hex" => $hex, "result" => result(unpack($ufmt, hex2bin($hex)))];
}
// Random formats and arguments, from a fixed seed (mt_rand's sequence per seed is stable since PHP 7.1).
mt_srand(11);
set_error_handler(function ($no, $msg) { throw new Exception($msg); });
$codes = str_split("aAZhHcCsSnviIlLNVqQJPfgGdeExX@");
for ($n = 0; $n < 400; $n++) {
    $fmt = ""; $args = []; $ufmt = [];
    $parts = mt_rand(1, 4);
    for ($p = 0; $p < $parts; $p++) {
        $c = $codes[mt_rand(0, count($codes) - 1)];
        $r = mt_rand(0, 5); $cnt = $r == 0 ? "*" : ($r == 1 ? "" : (string) mt_rand(0, 6));
        $fmt .= $c . $cnt;
        $ufmt[] = $c . $cnt . (mt_rand(0, 1) ? "k$p" : "");
        $k = ($cnt === "*") ? mt_rand(0, 3) : ($cnt === "" ? 1 : (int) $cnt);
        if (strpos("aAZ", $c) !== false) { $s = ""; for ($i = 0, $l = mt_rand(0, 7); $i < $l; $i++) $s .= chr(mt_rand(0, 3) ? mt_rand(32, 126) : mt_rand(0, 32)); $args[] = $s; }
        elseif (strpos("hH", $c) !== false) { $s = ""; for ($i = 0, $l = mt_rand(0, 8); $i < $l; $i++) $s .= "0123456789abcdefABCDEF"[mt_rand(0, 21)]; $args[] = $s; }
        elseif (strpos("xX@", $c) !== false) { }
        else { for ($i = 0; $i < $k; $i++) { $t = mt_rand(0, 3);
            if (strpos("fgGdeE", $c) !== false) $args[] = $t == 0 ? mt_rand(-1000, 1000) : mt_rand(-1e6, 1e6) / 7.0;
            else $args[] = $t == 0 ? mt_rand(-300, 300) : ($t == 1 ? mt_rand(PHP_INT_MIN, PHP_INT_MAX) : ($t == 2 ? mt_rand(-70000, 70000) : mt_rand(0, 2**32))); } }
    }
    try { $bytes = pack($fmt, ...$args); } catch (Throwable $e) { continue; } // warnings and errors are not fixtures
    $case = ["pack" => $fmt, "args" => array_map('typed', $args), "hex" => bin2hex($bytes)];
    try { $u = unpack(implode("/", $ufmt), $bytes); if ($u !== false) { $case["unpack"] = implode("/", $ufmt); $case["result"] = result($u); } } catch (Throwable $e) { }
    $cases[] = $case;
}

echo "{\"php\": \"", PHP_VERSION, "\", \"cases\": [\n";
echo implode(",\n", array_map(fn($c) => json_encode($c, JSON_UNESCAPED_SLASHES), $cases)), "\n]}\n";

