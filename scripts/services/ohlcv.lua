-- Candle history over REST: route functions for routes[] (see the README's "Candle history and REST").
-- The market service (scripts/services/market.lua) stores closed candles with mix.candles.put; this
-- service only reads them with mix.candles.range. Options (services[].options):
--   interval:     the interval /api/ohlcv answers when the request names none (default 1m)
--   limit:        most candles one answer holds (default 1000; candles.maxRange bounds it too)
--   resolutions:  what /api/tv/config offers (default "1,5,15,60,1D")
--   pricescale:   /api/tv/symbols' pricescale (default 100: two decimals)
--   symbols:      comma-separated pairs /api/tv/symbols knows; empty (default) = any valid pair name
--
-- Decimals are written as JSON numbers whose text is the stored decimal exactly ("15551.51" ->
-- 15551.51): nothing is rounded on the way out. A client whose JSON parser reads numbers as binary
-- floating point may round them; ask /api/ohlcv with decimals=string to get them as strings.

local INTERVALS = { ["1s"] = true, ["1m"] = true, ["3m"] = true, ["5m"] = true, ["15m"] = true, ["30m"] = true,
  ["1h"] = true, ["2h"] = true, ["4h"] = true, ["6h"] = true, ["8h"] = true, ["12h"] = true, ["1d"] = true }
-- TradingView resolutions -> intervals
local RESOLUTIONS = { ["1S"] = "1s", ["1"] = "1m", ["3"] = "3m", ["5"] = "5m", ["15"] = "15m", ["30"] = "30m",
  ["60"] = "1h", ["120"] = "2h", ["240"] = "4h", ["360"] = "6h", ["480"] = "8h", ["720"] = "12h",
  ["D"] = "1d", ["1D"] = "1d" }
local FAR_FUTURE = 9999999999999

local function option(name, default)
  local v = mix.server.option(name)
  if v == nil or v == "" then return default end
  return v
end

local DEFAULT_INTERVAL = option("interval", "1m")
local MAX_LIMIT = tonumber(option("limit", "1000")) or 1000
local PRICESCALE = tonumber(option("pricescale", "100")) or 100
local TV_RESOLUTIONS = {}
for r in option("resolutions", "1,5,15,60,1D"):gmatch("[^,%s]+") do TV_RESOLUTIONS[#TV_RESOLUTIONS + 1] = r end
local SYMBOLS = nil
if option("symbols", "") ~= "" then
  SYMBOLS = {}
  for s in option("symbols", ""):gmatch("[^,%s]+") do SYMBOLS[s] = true end
end

-- an integral number as JSON text: LuaJ writes integral numbers without exponent or ".0"
-- (string.format("%.0f") would give 1.60616544E12)
local function whole(x)
  return tostring(math.floor(x))
end

local function api_error(status, message)
  return status, { E = { c = status, m = message } }
end

local function tv_error(status, message)
  return status, { s = "error", errmsg = message }
end

local function valid_pair(p)
  return type(p) == "string" and #p >= 1 and #p <= 64 and p:match("^[%w_%./:%-]+$") ~= nil
end

-- an integer query parameter: nil when absent, false when malformed
local function integer(text, max_digits)
  if text == nil then return nil end
  if not text:match("^%d+$") or #text > max_digits then return false end
  return tonumber(text)
end

-- an error from mix.candles.range: "mix.candles.range: ..." is bad input, anything else the store
local function store_failed(err)
  return err:sub(1, 17) == "mix.candles.range"
end

local JSON_ESCAPES = { ['"'] = '\\"', ['\\'] = '\\\\' }
local function json_string(s)
  return '"' .. s:gsub('["\\]', JSON_ESCAPES) .. '"'
end

-- GET /api/ohlcv?pair=BTC-USD&from=0&to=9999999999999[&interval=1m][&limit=1000][&order=desc|asc][&decimals=number|string]
function ohlcv(req)
  local q = req.query
  if q.pair == nil or q.pair == "" then
    return api_error(400, "pair: missing (expected e.g. pair=BTC-USD)")
  end
  if not valid_pair(q.pair) then
    return api_error(400, "pair: " .. mix.json_encode(q.pair) .. " (expected: 1..64 letters, digits, - _ . / :)")
  end
  local from = integer(q.from, 16)
  if from == false then return api_error(400, "from: " .. mix.json_encode(q.from) .. " (expected: ms since the epoch, e.g. 0)") end
  local to = integer(q.to, 16)
  if to == false then return api_error(400, "to: " .. mix.json_encode(q.to) .. " (expected: ms since the epoch, e.g. 9999999999999)") end
  from = from or 0
  to = to or FAR_FUTURE
  if from > to then return api_error(400, "from " .. q.from .. " is after to " .. q.to) end
  local interval = q.interval or DEFAULT_INTERVAL
  if not INTERVALS[interval] then
    return api_error(400, "interval: " .. mix.json_encode(interval) .. " (expected: 1s 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d)")
  end
  local limit = integer(q.limit, 7)
  if limit == false or limit == 0 or (limit and limit > MAX_LIMIT) then
    return api_error(400, "limit: " .. mix.json_encode(q.limit) .. " (expected: 1.." .. MAX_LIMIT .. ")")
  end
  local order = q.order or "desc"
  if order ~= "desc" and order ~= "asc" then
    return api_error(400, "order: " .. mix.json_encode(order) .. " (expected: desc or asc)")
  end
  local decimals = q.decimals or "number"
  if decimals ~= "number" and decimals ~= "string" then
    return api_error(400, "decimals: " .. mix.json_encode(decimals) .. " (expected: number or string)")
  end
  -- the newest candles when more match than the limit (desc), the oldest ones for asc
  local list, err = mix.candles.range(q.pair, interval, from, to, limit or MAX_LIMIT, order == "desc" and "last" or "first")
  if not list then
    if store_failed(err) then return api_error(400, err) end
    return api_error(503, err)
  end
  local quote = decimals == "string" and '"' or ""
  local pair = json_string(q.pair)
  local out = {}
  local n = #list
  for i = 1, n do
    local k = list[order == "desc" and n + 1 - i or i]
    local ts = whole(k.t)
    out[i] = '{"_id":' .. json_string(q.pair .. ":" .. interval .. ":" .. ts)
      .. ',"close":' .. quote .. k.c .. quote .. ',"high":' .. quote .. k.h .. quote
      .. ',"low":' .. quote .. k.l .. quote .. ',"open":' .. quote .. k.o .. quote
      .. ',"pair":' .. pair .. ',"timestamp":' .. ts .. ',"volume":' .. quote .. k.v .. quote .. '}'
  end
  return 200, "[" .. table.concat(out, ",") .. "]", { ["Content-Type"] = "application/json" }
end

-- TradingView UDF: GET /api/tv/config
function tv_config(req)
  return 200, { supported_resolutions = TV_RESOLUTIONS, supports_search = false, supports_group_request = false,
    supports_marks = false, supports_timescale_marks = false, supports_time = true }
end

-- TradingView UDF: GET /api/tv/time (seconds)
function tv_time(req)
  return 200, whole(os.time()), { ["Content-Type"] = "text/plain" }
end

-- TradingView UDF: GET /api/tv/symbols?symbol=BTC-USD
function tv_symbols(req)
  local s = req.query.symbol
  if not valid_pair(s) then
    return tv_error(400, "symbol: " .. mix.json_encode(s or "") .. " (expected: 1..64 letters, digits, - _ . / :)")
  end
  if SYMBOLS and not SYMBOLS[s] then
    return tv_error(404, "unknown symbol " .. s)
  end
  return 200, { name = s, ticker = s, description = s, type = "crypto", session = "24x7", timezone = "Etc/UTC",
    exchange = "", listed_exchange = "", format = "price", minmov = 1, pricescale = PRICESCALE,
    has_intraday = true, has_seconds = false, has_daily = true, has_weekly_and_monthly = false,
    supported_resolutions = TV_RESOLUTIONS, volume_precision = 8, data_status = "streaming" }
end

-- TradingView UDF: GET /api/tv/history?symbol=BTC-USD&resolution=1&from=<s>&to=<s>[&countback=n]
function tv_history(req)
  local q = req.query
  if not valid_pair(q.symbol) then
    return tv_error(400, "symbol: " .. mix.json_encode(q.symbol or "") .. " (expected: 1..64 letters, digits, - _ . / :)")
  end
  local interval = RESOLUTIONS[q.resolution or ""]
  if not interval then
    return tv_error(400, "resolution: " .. mix.json_encode(q.resolution or "") .. " (expected: 1S 1 3 5 15 30 60 120 240 360 480 720 1D)")
  end
  local from, to = integer(q.from, 13), integer(q.to, 13)
  if not from then return tv_error(400, "from: " .. mix.json_encode(q.from or "") .. " (expected: seconds since the epoch)") end
  if not to then return tv_error(400, "to: " .. mix.json_encode(q.to or "") .. " (expected: seconds since the epoch)") end
  if from > to then return tv_error(400, "from " .. q.from .. " is after to " .. q.to) end
  local countback = integer(q.countback, 7)
  if countback == false or countback == 0 then
    return tv_error(400, "countback: " .. mix.json_encode(q.countback) .. " (expected: a positive integer)")
  end
  local to_ms = to * 1000 + 999
  local list, err
  if countback then
    -- countback wins over from (the UDF's rule): that many bars ending at to
    list, err = mix.candles.range(q.symbol, interval, 0, to_ms, math.min(countback, MAX_LIMIT), "last")
  else
    list, err = mix.candles.range(q.symbol, interval, from * 1000, to_ms, MAX_LIMIT, "last")
  end
  if not list then
    if store_failed(err) then return tv_error(400, err) end
    return tv_error(503, err)
  end
  if #list == 0 then
    -- tell the chart where older data is, so it does not ask again and again
    local before = from * 1000 - 1
    if before >= 0 then
      local prev = mix.candles.range(q.symbol, interval, 0, before, 1, "last")
      if prev and #prev == 1 then
        return 200, '{"s":"no_data","nextTime":' .. whole(prev[1].t / 1000) .. '}',
          { ["Content-Type"] = "application/json" }
      end
    end
    return 200, '{"s":"no_data"}', { ["Content-Type"] = "application/json" }
  end
  local t, o, h, l, c, v = {}, {}, {}, {}, {}, {}
  for i, k in ipairs(list) do
    t[i] = whole(k.t / 1000)
    o[i], h[i], l[i], c[i], v[i] = k.o, k.h, k.l, k.c, k.v
  end
  return 200, '{"s":"ok","t":[' .. table.concat(t, ",") .. '],"o":[' .. table.concat(o, ",")
    .. '],"h":[' .. table.concat(h, ",") .. '],"l":[' .. table.concat(l, ",") .. '],"c":[' .. table.concat(c, ",")
    .. '],"v":[' .. table.concat(v, ",") .. ']}', { ["Content-Type"] = "application/json" }
end
