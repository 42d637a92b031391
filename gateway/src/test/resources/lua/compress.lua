-- The compression tests' server: "sub:<channel>" subscribes and answers "ok"; anything else comes back as it came.
function on_message(m)
    local conn = mix.websocket()
    if string.sub(m.data, 1, 4) == "sub:" then
        conn:subscribe(string.sub(m.data, 5))
        conn:send("ok")
    else
        conn:send(m.data, m.type)
    end
end
