-- Test entry of a socket server: the bundled text protocol, except that a buffer's first byte
-- picks a misbehaviour of protocol_input (see SocketFramingTest). Copied into a test's own scripts
-- folder beside a copy of scripts/protocols.
local text = require("protocols.text")

function on_connect(client_id)
    mix.socket.tcp():send(client_id .. "\n") -- conn:send: bytes as they are
end

function protocol_input(buf)
    local mode = string.sub(buf:tostring(), 1, 1)
    if mode == "X" then return -1 end
    if mode == "Z" then return 0 end
    if mode == "S" then return "nope" end
    if mode == "N" then return nil end
    if mode == "H" then return 1e12 end
    if mode == "F" then return 1.5 end
    if mode == "M" then return -7 end
    if mode == "E" then error("bad framing") end
    if mode == "L" then while true do end end
    if mode == "W" then return 5 end
    if mode == "C" then
        local conn = mix.socket.tcp()
        conn:clear_buffer()
        conn:send("cleared " .. buf:length() .. "\n")
        return 0
    end
    if mode == "B" then
        local two = buf:read(2)
        local none, err = buf:read(1000)
        local info = table.concat({ two, tostring(none), tostring(err), buf:position(), buf:length(),
            tostring(buf:find("\n")), tostring(buf:find("zz")), #buf:tostring() }, " ")
        mix.socket.tcp():set_context_value("bufinfo", info)
    end
    return text.input(buf)
end

function protocol_decode(str)
    if string.sub(str, 1, 1) == "D" then
        return nil
    end
    if string.sub(str, -1) == "\n" then
        return text.decode(str)
    end
    return str
end

function protocol_encode(str, typ)
    if str == "fail" then return nil end
    if str == "empty" then return "" end
    if str == "boom" then error("encode boom") end
    if str == "tcp?" then return tostring(mix.socket.tcp()) .. "\n" end
    return "<" .. str .. ">\n"
end

function on_message(msg)
    local conn = mix.socket.tcp()
    local target, data = string.match(msg, "^send (%d+) (.*)$")
    if target then
        local err = mix.mesh.send(target, data)
        conn:send("sent " .. tostring(err) .. "\n")
    elseif msg == "ws" then
        local c, err = mix.websocket()
        conn:send(tostring(c) .. " " .. tostring(err) .. "\n")
    elseif msg == "subscribe" then
        conn:send("subscribed " .. tostring(conn:subscribe("socket-test")) .. "\n")
    elseif string.sub(msg, 1, 1) == "B" then
        conn:send(conn:context_value("bufinfo") .. "\n")
    else
        conn:send("echo " .. msg .. "\n")
    end
end

function on_close(client_id, err)
    mix.mesh.publish("closed", client_id .. " " .. tostring(err))
end
