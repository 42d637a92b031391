-- mixgate protocol module: a WebSocket server (RFC 6455) written in Lua, for socket servers.
-- Written for mixgate; behaves as CONNMIX's protocols/websocket.lua (github.com/connmix/protocols)
-- and takes both of its calling conventions:
--   input(buf[, on_handshake])             or input(buf, conn, uri[, on_handshake])
--   decode(str)                            -> {type=..., data=..., finish=bool}
--   encode(str[, type])                    -> one unmasked frame (text; binary when type is "binary")
--   send_text([conn,] data), send_binary([conn,] data) -> true, or nil, err
-- conn defaults to mix.socket.tcp(); uri, when given, is a prefix the request path must start with.
--
-- The handshake: the HTTP upgrade request is read up to its blank line and checked (GET ...
-- HTTP/1.1, Upgrade: websocket, Connection: upgrade, Sec-WebSocket-Key, Sec-WebSocket-Version: 13;
-- header names in any case); the 101 answer goes out with conn:send (bytes as they are), the
-- buffer is cleared, and the context gets __handshake = true and headers = the request's headers
-- (plus Method, RequestUri, ServerProtocol), which on_handshake(headers, conn) also gets.
-- Anything wrong closes the connection (input returns -1).
--
-- Frames: at most 65535 bytes of payload (max_payload_len); RSV bits, reserved opcodes, control
-- frames over 125 bytes or fragmented close the connection. Masked and unmasked client frames are
-- taken, as CONNMIX takes them. decode gives on_message every frame, as CONNMIX does: type is
-- "text", "binary", "continuation" (finish=false until the last fragment), "ping", "pong" or
-- "close" (data "code,reason"). Beyond CONNMIX: a ping is answered with a pong, and a close
-- frame with a close frame before the connection closes.

local bit = require("bit")
local band, bor, bxor, lshift, rshift = bit.band, bit.bor, bit.bxor, bit.lshift, bit.rshift
local byte, char, sub, lower, find = string.byte, string.char, string.sub, string.lower, string.find
local concat = table.concat

local _M = {}

local EOL = "\r\n"
local GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
local max_payload_len = 65535
local max_handshake_len = 16384

_M.max_payload_len = max_payload_len

local types = {
    [0x0] = "continuation",
    [0x1] = "text",
    [0x2] = "binary",
    [0x8] = "close",
    [0x9] = "ping",
    [0xa] = "pong",
}

local function is_conn(v)
    return type(v) == "userdata"
end

local function current_conn()
    local conn, err = mix.socket.tcp()
    if not conn then
        error("websocket: no connection (" .. tostring(err) .. ")", 3)
    end
    return conn
end

-- Builds one frame; payload as is (servers never mask).
local function build_frame(fin, opcode, payload)
    local len = #payload
    if len > 0x7fffffff then
        return nil, "payload too big"
    end
    local first = fin and bor(0x80, opcode) or opcode
    local head
    if len <= 125 then
        head = char(first, len)
    elseif len <= 65535 then
        head = char(first, 126, band(rshift(len, 8), 0xff), band(len, 0xff))
    else
        head = char(first, 127, 0, 0, 0, 0, band(rshift(len, 24), 0xff), band(rshift(len, 16), 0xff),
            band(rshift(len, 8), 0xff), band(len, 0xff))
    end
    return head .. payload
end

local function send_frame(conn, opcode, payload)
    payload = payload == nil and "" or tostring(payload)
    if #payload > max_payload_len then
        return nil, "payload too big"
    end
    if band(opcode, 0x8) ~= 0 and #payload > 125 then
        return nil, "too much payload for a control frame"
    end
    local frame, err = build_frame(true, opcode, payload)
    if not frame then
        return nil, err
    end
    err = conn:send(frame)
    if err then
        return nil, err
    end
    return true, nil
end

local function unmask(data, from, len, key)
    local k1, k2, k3, k4 = byte(key, 1, 4)
    local keys = { k1, k2, k3, k4 }
    local out, chunk = {}, {}
    local n = 0
    for i = 0, len - 1 do
        n = n + 1
        chunk[n] = bxor(byte(data, from + i), keys[i % 4 + 1])
        if n == 4096 then
            out[#out + 1] = char(unpack(chunk, 1, n))
            n = 0
        end
    end
    if n > 0 then
        out[#out + 1] = char(unpack(chunk, 1, n))
    end
    return concat(out)
end

-- Header fields of a frame that starts at the front of s: fin, opcode, masked, payload length,
-- header length; or nil when s is too short; or false, err when the frame is refused.
local function frame_header(s)
    if #s < 2 then
        return nil
    end
    local first, second = byte(s, 1, 2)
    if band(first, 0x70) ~= 0 then
        return false, "bad RSV1, RSV2, or RSV3 bits"
    end
    local opcode = band(first, 0x0f)
    if types[opcode] == nil then
        return false, "reserved opcode " .. opcode
    end
    local fin = band(first, 0x80) ~= 0
    local masked = band(second, 0x80) ~= 0
    local len = band(second, 0x7f)
    local head = 2
    if len == 126 then
        if #s < 4 then
            return nil
        end
        local b1, b2 = byte(s, 3, 4)
        len = b1 * 256 + b2
        head = 4
    elseif len == 127 then
        if #s < 10 then
            return nil
        end
        local b = { byte(s, 3, 10) }
        if b[1] ~= 0 or b[2] ~= 0 or b[3] ~= 0 or b[4] ~= 0 or band(b[5], 0x80) ~= 0 then
            return false, "payload length too large"
        end
        len = ((b[5] * 256 + b[6]) * 256 + b[7]) * 256 + b[8]
        head = 10
    end
    if band(opcode, 0x8) ~= 0 and (len > 125 or not fin) then
        return false, "bad control frame"
    end
    if len > max_payload_len then
        return false, "payload of " .. len .. " bytes is over " .. max_payload_len
    end
    if masked then
        head = head + 4
    end
    return fin, opcode, masked, len, head
end

local function parse_headers(request)
    local headers, lower_headers = {}, {}
    local first = true
    for line in string.gmatch(request, "([^\r\n]*)\r\n") do
        if first then
            local method, uri, proto = string.match(line, "^(%S+) (%S+) (%S+)$")
            headers["Method"], headers["RequestUri"], headers["ServerProtocol"] = method, uri, proto
            first = false
        elseif line ~= "" then
            local name, value = string.match(line, "^([^:]+):%s*(.-)%s*$")
            if name then
                headers[name] = value
                lower_headers[lower(name)] = value
            end
        end
    end
    return headers, lower_headers
end

local function handshake(buf, conn, uri, on_handshake)
    local all = buf:tostring()
    local stop = find(all, EOL .. EOL, 1, true)
    if not stop then
        if #all > max_handshake_len then
            mix.log(mix.DEBUG, "websocket: handshake over " .. max_handshake_len .. " bytes")
            return -1
        end
        return 0
    end
    local headers, h = parse_headers(sub(all, 1, stop + 1))
    local problem
    if headers["Method"] ~= "GET" or headers["ServerProtocol"] ~= "HTTP/1.1" then
        problem = "not a GET ... HTTP/1.1 request"
    elseif uri and sub(headers["RequestUri"], 1, #uri) ~= uri then
        problem = "path not allowed: " .. tostring(headers["RequestUri"])
    elseif not h["upgrade"] or lower(h["upgrade"]) ~= "websocket" then
        problem = "bad Upgrade header"
    elseif not h["connection"] or not find(lower(h["connection"]), "upgrade", 1, true) then
        problem = "bad Connection header"
    elseif not h["sec-websocket-key"] then
        problem = "no Sec-WebSocket-Key"
    elseif h["sec-websocket-version"] ~= "13" then
        problem = "bad Sec-WebSocket-Version"
    end
    if problem then
        mix.log(mix.DEBUG, "websocket: handshake refused: " .. problem)
        return -1
    end
    local accept = mix.base64_encode(mix.sha1_bin(h["sec-websocket-key"] .. GUID))
    local resp = "HTTP/1.1 101 Switching Protocols" .. EOL
        .. "Upgrade: websocket" .. EOL
        .. "Connection: Upgrade" .. EOL
        .. "Sec-WebSocket-Accept: " .. accept .. EOL
        .. "Server: mixgate" .. EOL
    local protocols = h["sec-websocket-protocol"]
    if protocols then
        resp = resp .. "Sec-WebSocket-Protocol: " .. (string.match(protocols, "^%s*([^,%s]+)") or protocols) .. EOL
    end
    local err = conn:send(resp .. EOL)
    if err then
        mix.log(mix.DEBUG, "websocket: cannot send the handshake answer: " .. err)
        return -1
    end
    conn:clear_buffer()
    conn:set_context_value("__handshake", true)
    conn:set_context_value("headers", headers)
    if on_handshake ~= nil then
        on_handshake(headers, conn)
    end
    return 0
end

function _M.input(buf, a, b, c)
    local conn, uri, on_handshake
    if is_conn(a) then
        conn, uri, on_handshake = a, b, c
    else
        conn, on_handshake = current_conn(), a
    end
    if not conn:context_value("__handshake") then
        return handshake(buf, conn, uri, on_handshake)
    end
    local head = buf:read(math.min(buf:length(), 14))
    local fin, opcode, masked, len, header_len = frame_header(head or "")
    if fin == nil then
        return 0
    elseif fin == false then
        mix.log(mix.DEBUG, "websocket: frame refused: " .. opcode)
        return -1
    end
    local total = header_len + len
    if buf:length() < total then
        return 0
    end
    return total
end

function _M.decode(str)
    if type(str) ~= "string" then
        mix.log(mix.WARN, "websocket.decode takes the packet (protocol_decode's str), got " .. type(str))
        return nil
    end
    local fin, opcode, masked, len, header_len = frame_header(str)
    if not fin and fin ~= false then
        return nil
    end
    if fin == false then
        return nil
    end
    local data
    if masked then
        data = unmask(str, header_len + 1, len, sub(str, header_len - 3, header_len))
    else
        data = sub(str, header_len + 1, header_len + len)
    end
    local frame = { type = types[opcode], data = data, finish = fin }
    if opcode == 0x8 then
        local conn = mix.socket.tcp()
        if #data >= 2 then
            local hi, lo = byte(data, 1, 2)
            frame.data = (hi * 256 + lo) .. "," .. sub(data, 3)
        end
        if conn then
            send_frame(conn, 0x8, sub(data, 1, 2))
            conn:close()
        end
    elseif opcode == 0x9 then
        local conn = mix.socket.tcp()
        if conn then
            send_frame(conn, 0xa, data)
        end
    end
    return frame
end

function _M.encode(str, typ)
    local frame, err = build_frame(true, typ == "binary" and 0x2 or 0x1, str)
    if not frame then
        mix.log(mix.DEBUG, "websocket: cannot build a frame: " .. err)
        return nil
    end
    return frame
end

local function send(opcode, a, b)
    if is_conn(a) then
        return send_frame(a, opcode, b)
    end
    return send_frame(current_conn(), opcode, a)
end

function _M.send_text(a, b)
    return send(0x1, a, b)
end

function _M.send_binary(a, b)
    return send(0x2, a, b)
end

return _M
