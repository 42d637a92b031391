// A back-office worker for scripts/examples/worker-auth/entry.websocket.lua, over mixgate's
// WebSocket API (/ws/v1). It pops the "auth" queue, checks each token, and releases the waiting
// client with conn.call set_context_value (a uid, or "" to refuse).
//
//   npm install ws@8
//   node worker.mjs ws://127.0.0.1:6789/ws/v1            # loopback, no users configured
//   node worker.mjs ws://worker:secret@10.0.0.5:6789/ws/v1  # with access.users (needs the write role)
//
// In a mesh, one worker connected to any node receives the items pushed on every node, and its
// conn.call reaches the client on whichever node holds it. Run two workers and they share the work.
import WebSocket from "ws";

const url = process.argv[2] ?? "ws://127.0.0.1:6789/ws/v1";
const TOKENS = { "***": "1001", "token-1002": "1002" }; // your real check goes here

const ws = new WebSocket(url);
let nextId = 1;
const call = (m, p) => ws.send(JSON.stringify({ m, p, i: nextId++ }));

ws.on("open", () => call("queue.pop", { t: ["auth"] }));
ws.on("message", (raw) => {
  const msg = JSON.parse(raw.toString());
  if (msg.e === "queue.pop") {
    const { c: clientId, d: item } = msg.p;
    const uid = TOKENS[item.token] ?? "";
    call("conn.call", { c: clientId, f: "set_context_value", a: ["uid", uid] });
    console.log(`client ${clientId}: ${uid ? "uid " + uid : "refused"}`);
  } else if (msg.E) {
    console.error(`request ${msg.i} failed: ${msg.E.c} ${msg.E.m}`);
  }
});
ws.on("close", (code, reason) => {
  console.error(`closed: ${code} ${reason}`);
  process.exit(1);
});
ws.on("error", (err) => console.error(err.message));
