function on_message(msg)
     --print(msg)
     if msg["type"] ~= "text" then
         conn:close()
         return
     end

     local auth_url = "http://127.0.0.1:8000/websocket_auth" --fill in the api interface address for parsing token
     local conn = mix. websocket()

     local data, err = mix.json_decode(msg["data"])
     if err then
         mix_log(mix_DEBUG, "json_decode error: " .. err)
         conn:close()
         return
     end

     local op = data["op"]
     if op == nil then
         mix_log(mix_DEBUG, "op is nil")
         conn:close()
         return
     end
     if op == "auth" then
         local token = data["token"]
         if token == nil then
             token = ""
         end
         -- x-www-form-urlencoded
         -- body = 'token=' .. token
         -- application/json
         -- body = '{"token:"' .. token .. '"}'
         local resp, err = mix.http.request("POST", auth_url, {
             body = '{"token:"' .. token .. '"}'
         })
         if err then
             mix_log(mix_DEBUG, "http. request error: " .. err)
             conn:close()
             return
         end
         if resp.status_code ~= 200 then
             mix_log(mix_DEBUG, "http. request status_code: " .. resp["status_code"])
             conn:close()
             return
         end
         local body_table, err = mix.json_decode(resp["body"])
         if err then
             mix_log(mix_DEBUG, "json_decode error: " .. err)
             conn:close()
             return
         end
         conn:set_context_value("uid", body_table["uid"])
         return
     end

     local uid = conn:context_value("uid")
     local channel_raw = data["channel"]
     if channel_raw == nil then
         channel_raw = ""
     end
     local channel_table = mix.str_split(channel_raw, "@")
     if table.getn(channel_table) ~= 2 then
         mix_log(mix_DEBUG, "invalid channel: " .. channel_raw)
         conn:close()
         return
     end
     local channel_type = channel_table[2]
     local inner_channel = ""
     if channel_type == "balance" or channel_type == "order" or channel_type == "position" or channel_type == "account" then
         --Requires login to subscribe
         if uid == nil then
             conn:send('{"code":1,"msg":"Not Auth"}')
             return
         end
         inner_channel = string. format("%d@%s", uid, channel_type)
     else
         inner_channel = channel_raw
     end
    
     -- Set prefix for security
     local prefix = "ex:"

     if op == "subscribe" then
         local err = conn:subscribe(prefix .. inner_channel)
         if err then
             mix_log(mix_DEBUG, "subscribe error: " .. err)
             conn:close()
             return
         end
     end

     if op == "unsubscribe" then
         local err = conn:unsubscribe(prefix .. inner_channel)
         if err then
             mix_log(mix_DEBUG, "unsubscribe error: " .. err)
             conn:close()
             return
         end
     end

     conn:send('{"result":true}')
end
