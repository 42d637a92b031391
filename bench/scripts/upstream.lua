-- The bench's provider script (bench/run.sh's upstream block): one upstream subscription per run,
-- the run's symbol, carried in the URL; every provider frame is published verbatim to that
-- symbol's channel of the exchange script, ex:<symbol>@depth. What it costs per message is what
-- the node's upstream path costs: read, one on_message call, one publish, the fan-out.
function url(desired)
  return mix.server.option("url") .. "?s=" .. table.concat(desired, ",")
end

function subscription_for(channel)
  return string.match(channel, "^ex:(B%d+)@depth$")
end

function on_message(up, msg)
  local channel = up:get("channel")
  if not channel then
    channel = "ex:" .. up:subscriptions()[1] .. "@depth"
    up:set("channel", channel)
  end
  return { channel = channel, data = msg.data }
end
