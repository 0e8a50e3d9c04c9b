// Connects the official socket.io-client to one namespace and prints what happens, one
// JSON line each: {"kind": "open" | "upgrade" | "connect" | "connect_error" | "disconnect"
// | "event" | "end", ...}. It ends after --count server events, at --timeout seconds, when
// the server refuses or drops it, or when its stdin closes (the test is done with it).
//
//   node listen.mjs --url http://127.0.0.1:8000 --namespace /agent --auth '{"token": "…"}'
//                   [--transport websocket|default] [--count N] [--timeout SECONDS]
//
// The client is the frontend's own: the package locked in frontend/package-lock.json and
// installed by ./dev into frontend/node_modules. An ES `import` of a bare name resolves
// from the importing file's folder (never the working directory, and NODE_PATH only
// applies to require), so this file, living under tests/, asks a require() anchored at
// frontend/package.json: the package frontend code gets (here its CommonJS build), found
// without a copy, a symlink or a second install.
import { createRequire } from "node:module";
import { parseArgs } from "node:util";

const require = createRequire(new URL("../../../frontend/package.json", import.meta.url));
const { io } = require("socket.io-client");

const { values: options } = parseArgs({
  options: {
    url: { type: "string" },
    namespace: { type: "string", default: "/" },
    auth: { type: "string", default: "{}" },
    transport: { type: "string", default: "default" },
    count: { type: "string", default: "0" },
    timeout: { type: "string", default: "30" },
  },
});
if (!options.url) {
  throw new Error("--url is required");
}
const wanted = Number(options.count);

function print(kind, fields = {}) {
  process.stdout.write(`${JSON.stringify({ kind, ...fields })}\n`);
}

const socket = io(new URL(options.namespace, options.url).href, {
  auth: JSON.parse(options.auth),
  // "default" is the browser's path: HTTP long-polling first, then the upgrade.
  transports: options.transport === "websocket" ? ["websocket"] : ["polling", "websocket"],
  reconnection: false,
  timeout: 10_000,
});

let received = 0;
let ended = false;
function end(reason, code) {
  if (ended) return;
  ended = true;
  clearTimeout(timer);
  print("end", { reason, received });
  socket.close();
  process.exitCode = code;
  process.stdin.destroy();
  setTimeout(() => process.exit(code), 1_000).unref(); // should an open handle linger
}
const timer = setTimeout(() => end("timeout", 1), Number(options.timeout) * 1_000);

socket.io.on("open", () => {
  const engine = socket.io.engine; // the Engine.IO connection, before the namespace's
  print("open", { transport: engine.transport.name });
  engine.once("upgrade", (transport) => print("upgrade", { transport: transport.name }));
});
socket.on("connect", () => {
  print("connect", { id: socket.id, transport: socket.io.engine.transport.name });
});
socket.on("connect_error", (error) => {
  print("connect_error", { message: error.message, data: error.data ?? null });
  end("refused", 2);
});
socket.on("disconnect", (reason) => {
  if (ended) return; // our own close
  print("disconnect", { reason });
  end("disconnected", 3);
});
socket.onAny((event, ...args) => {
  print("event", { event, args });
  received += 1;
  if (wanted > 0 && received >= wanted) end("count", 0);
});
process.stdin.on("end", () => end("stdin closed", 0));
process.stdin.resume();
