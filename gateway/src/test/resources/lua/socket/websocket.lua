-- Test entry of a socket server running the bundled Lua WebSocket module, written as CONNMIX's
-- documentation writes a socket entry: text frames are echoed with the request path the
-- handshake saw, "subscribe" subscribes to ws-over-tcp, binary frames come back as binary.
local websocket = require("protocols.websocket")

function on_connect(client_id)
end

function on_handshake(headers, conn)
    conn:set_context_value("path", headers["RequestUri"])
end

function protocol_input(buf)
    return websocket.input(buf, on_handshake)
end

function protocol_decode(str)
    return websocket.decode(str)
end

function protocol_encode(str, typ)
    return websocket.encode(str, typ)
end

function on_message(msg)
    local conn = mix.socket.tcp()
    if msg.type == "text" and msg.data == "subscribe" then
        conn:subscribe("ws-over-tcp")
        websocket.send_text("subscribed")
    elseif msg.type == "text" then
        websocket.send_text("echo " .. msg.data .. " " .. conn:context_value("path"))
    elseif msg.type == "binary" then
        websocket.send_binary(conn, msg.data)
    end
end

function on_close(client_id, err)
    mix.mesh.publish("closed", client_id .. " " .. tostring(err))
end
