-- mixgate: an example socket server (servers[].protocol: socket) speaking the bundled text
-- protocol: one message per "\n"-terminated line, up to 65,535 bytes (scripts/protocols/text.lua).
--
-- Client -> node, one command per line:
--   subscribe <channel>     -> "subscribed <channel>"   (then every message published to
--                              <channel> arrives as one line)
--   unsubscribe <channel>   -> "unsubscribed <channel>"
--   anything else           -> the same line back ("echo" server)
-- Errors come back as "error: <what>" and the connection stays open.
--
-- Any client may subscribe to any channel here: this example has no auth. See
-- scripts/entry.websocket.lua for a protocol with auth and private channels.
--
-- Try it:   nc 127.0.0.1 6791          then type: subscribe news
--           curl -d '{"c":"news","d":"hello"}' http://127.0.0.1:6789/v1/mesh/publish

local text = require("protocols.text")

-- Framing: the text module cuts lines, and frames what the node sends (published messages,
-- mix.mesh.send). conn:send writes bytes as they are, so replies are framed with text.encode.
function protocol_input(buf)
    return text.input(buf)
end

function protocol_decode(str)
    return text.decode(str)
end

function protocol_encode(str)
    return text.encode(str)
end

local function reply(conn, line)
    conn:send(text.encode(line))
end

function on_connect(client_id)
end

function on_message(line)
    local conn = mix.socket.tcp()
    local command, channel = string.match(line, "^(%a+)%s+(%S+)%s*$")
    if command == "subscribe" then
        local err = conn:subscribe(channel)
        reply(conn, err and ("error: " .. err) or ("subscribed " .. channel))
    elseif command == "unsubscribe" then
        local err = conn:unsubscribe(channel)
        reply(conn, err and ("error: " .. err) or ("unsubscribed " .. channel))
    else
        reply(conn, line)
    end
end

function on_close(client_id, err)
end
