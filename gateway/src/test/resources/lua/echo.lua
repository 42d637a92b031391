-- The RFC 6455 conformance suite's server: every message goes back as it came.
function on_message(m) mix.websocket():send(m.data, m.type) end
