-- A provider for the upstream tests: channel ex:<name>@t is subscription <name>, subscribed with
-- {"op":"sub","s":name}; the provider acknowledges with {"ack":name}, refuses with
-- {"nack":name,"err":...}, and sends data as {"s":name,"v":...}, published to ex:<name>@t.
-- Option "url": the constant URL. Option "requests": on_open runs up:request and publishes how
-- each went to ex:requests@t.

function url(desired)
    return mix.server.option("url")
end

function subscription_for(channel)
    return string.match(channel, "^ex:(%w+)@t$")
end

function subscribe_message(sub)
    return { op = "sub", s = sub }
end

function unsubscribe_message(sub)
    return { op = "unsub", s = sub }
end

function on_open(up)
    if mix.server.option("requests") == nil then
        return
    end
    local results = {}
    local reply, err = up:request({ op = "req", id = 1 }, { id_field = "id", timeout = 5 })
    results[#results + 1] = reply and ("reply " .. reply.r) or ("error " .. err)
    reply, err = up:request({ op = "req", id = 2, silent = true }, { timeout = 0.2 })
    results[#results + 1] = reply and ("reply " .. reply.r) or ("error " .. err)
    reply, err = up:request("not a table")
    results[#results + 1] = reply and "reply" or ("error " .. err)
    mix.mesh.publish("ex:requests@t", table.concat(results, "|"))
end

function heartbeat(up)
    return { op = "ping", n = #up:subscriptions() }
end

local PREFIX = ""  -- a reload test rewrites this line

function on_message(up, msg)
    local m = mix.json_decode(msg.data)
    if type(m) ~= "table" then
        return nil
    end
    if m.ack then
        up:ack(m.ack)
    elseif m.nack then
        up:fail(m.nack, m.err)
    elseif m.s and m.v then
        if mix.server.option("slow") then
            -- 20 ms per message: a request nobody answers
            up:request({ op = "never", id = "slow" }, { timeout = 0.02 })
        end
        return { channel = "ex:" .. m.s .. "@t", data = PREFIX .. msg.data }
    elseif m.id then
        -- a reply nobody waited for reaches on_message
        return { channel = "ex:requests@t", data = "unmatched " .. msg.data }
    end
    return nil
end
