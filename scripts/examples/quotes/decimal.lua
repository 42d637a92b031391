-- Exact decimal numbers for prices and amounts (Lua numbers are doubles: 0.1 * 3 is not 0.3).
--
-- A value is {neg = bool, digits = "12345", scale = 2} meaning -123.45 when neg; digits has no
-- leading zeros ("0" for zero). Values are parsed from TEXT (a JSON number's literal as the
-- source wrote it, or a client's string), multiplied and subtracted digit by digit, and printed
-- back as plain decimal text: no binary floating point anywhere.
local M = {}

local MAX_TEXT = 64        -- longest literal parse accepts
local MAX_EXPONENT = 40    -- |e| of 1.5e-7 style literals

local function strip_leading_zeros(d)
    d = string.gsub(d, "^0+", "")
    if d == "" then
        return "0"
    end
    return d
end

local function make(neg, digits, scale)
    digits = strip_leading_zeros(digits)
    -- drop trailing fraction zeros: 1.50 and 1.5 are the same value, printed the same way
    while scale > 0 and string.sub(digits, -1) == "0" and digits ~= "0" do
        digits = string.sub(digits, 1, -2)
        scale = scale - 1
    end
    if digits == "0" then
        neg = false
        scale = 0
    end
    return { neg = neg, digits = digits, scale = scale }
end

--- Parses "15.2", "-0.5", "3.47e-05", "1E3"; returns value or nil, reason.
function M.parse(text)
    if type(text) ~= "string" then
        return nil, "expected a decimal number as a string"
    end
    if #text == 0 or #text > MAX_TEXT then
        return nil, "expected 1.." .. MAX_TEXT .. " characters"
    end
    local sign, int, frac, exp = string.match(text, "^(%-?)(%d+)%.?(%d*)([eE]?[%+%-]?%d*)$")
    if sign == nil or (string.find(text, "%.") and frac == "") then
        return nil, "not a decimal number: " .. text
    end
    local e = 0
    if exp ~= "" then
        local digits = string.match(exp, "^[eE][%+%-]?(%d+)$")
        if digits == nil or #digits > 3 then
            return nil, "bad exponent: " .. text
        end
        e = tonumber(string.sub(exp, 2))
        if e > MAX_EXPONENT or e < -MAX_EXPONENT then
            return nil, "exponent out of range: " .. text
        end
    end
    local digits = int .. frac
    local scale = #frac - e
    if scale < 0 then
        digits = digits .. string.rep("0", -scale)
        scale = 0
    end
    return make(sign == "-", digits, scale)
end

--- Plain decimal text: "15.2", "0.000034", "-3".
function M.tostring(v)
    local d = v.digits
    local s
    if v.scale == 0 then
        s = d
    else
        if #d <= v.scale then
            d = string.rep("0", v.scale - #d + 1) .. d
        end
        s = string.sub(d, 1, #d - v.scale) .. "." .. string.sub(d, #d - v.scale + 1)
    end
    if v.neg then
        return "-" .. s
    end
    return s
end

local function digit_array(d)
    local a = {}
    for i = #d, 1, -1 do
        a[#a + 1] = string.byte(d, i) - 48
    end
    return a
end

local function array_text(a)
    local parts = {}
    for i = #a, 1, -1 do
        parts[#parts + 1] = string.char(a[i] + 48)
    end
    return table.concat(parts)
end

--- a * b, exact.
function M.mul(a, b)
    local x, y = digit_array(a.digits), digit_array(b.digits)
    local r = {}
    for i = 1, #x + #y do
        r[i] = 0
    end
    for i = 1, #x do
        local carry = 0
        for j = 1, #y do
            local t = r[i + j - 1] + x[i] * y[j] + carry
            r[i + j - 1] = t % 10
            carry = (t - t % 10) / 10
        end
        local k = i + #y
        while carry > 0 do
            local t = r[k] + carry
            r[k] = t % 10
            carry = (t - t % 10) / 10
            k = k + 1
        end
    end
    return make(a.neg ~= b.neg, array_text(r), a.scale + b.scale)
end

local function aligned(a, b)
    local scale = math.max(a.scale, b.scale)
    local da = a.digits .. string.rep("0", scale - a.scale)
    local db = b.digits .. string.rep("0", scale - b.scale)
    return da, db, scale
end

local function compare_digits(da, db)
    da, db = strip_leading_zeros(da), strip_leading_zeros(db)
    if #da ~= #db then
        return #da < #db and -1 or 1
    end
    if da == db then
        return 0
    end
    return da < db and -1 or 1
end

--- -1, 0 or 1 as a < b, a == b, a > b (non-negative values).
function M.compare(a, b)
    local da, db = aligned(a, b)
    return compare_digits(da, db)
end

--- a - b for non-negative a >= b, exact.
function M.sub(a, b)
    local da, db, scale = aligned(a, b)
    local x, y = digit_array(da), digit_array(db)
    local r, borrow = {}, 0
    for i = 1, #x do
        local t = x[i] - (y[i] or 0) - borrow
        if t < 0 then
            t = t + 10
            borrow = 1
        else
            borrow = 0
        end
        r[i] = t
    end
    assert(borrow == 0, "decimal.sub: a < b")
    return make(false, array_text(r), scale)
end

--- v cut to at most `decimals` fraction digits, towards zero (non-negative v: rounded down).
function M.floor(v, decimals)
    if v.scale <= decimals then
        return v
    end
    local cut = v.scale - decimals
    local d = v.digits
    if #d <= cut then
        return make(false, "0", 0)
    end
    return make(v.neg, string.sub(d, 1, #d - cut), decimals)
end

function M.is_zero(v)
    return v.digits == "0"
end

--- Digits before and after the point, to bound what a client may send.
function M.sizes(v)
    return math.max(#v.digits - v.scale, 0), v.scale
end

return M
