// Builds the optional native UDP addon (native/gslb_udp.c) for `hactl gslb serve` with node-gyp.
// Run by `npm install`/`npm ci` (the "install" script) and by `npm run build:native`.
//
// Never fails the install: when the addon cannot be built (not Linux, no compiler, no Node
// headers), it says why and exits 0, and hactl gslb serve uses Node's dgram instead (it says so
// in its start-up log and in /status). Set HACTL_GSLB_NATIVE_BUILD=0 to skip the build, or =1 to
// make a failed build an error (exit 1).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const mode = process.env.HACTL_GSLB_NATIVE_BUILD ?? "auto";
const strict = mode === "1";
const say = (msg) => process.stderr.write(`hactl: ${msg}\n`);

function record(ok, detail) {
  mkdirSync(join(here, "build"), { recursive: true });
  writeFileSync(join(here, "build", "status.json"), `${JSON.stringify({ ok, detail, at: new Date().toISOString(), node: process.version }, null, 2)}\n`);
}

function giveUp(reason, output = "") {
  record(false, reason);
  const tail = output.trim().split("\n").slice(-15).join("\n");
  say(`the native UDP addon for \`hactl gslb serve\` was not built: ${reason}.${tail ? `\n${tail}\n` : " "}` +
    "hactl gslb serve will use Node's dgram instead (slower: ~0.3× gdnsd's QPS instead of ≥ 0.5×). " +
    "To build it later: install python3, make and a C compiler, then `npm run build:native`.");
  process.exit(strict ? 1 : 0);
}

if (mode === "0") {
  say("native UDP addon build skipped (HACTL_GSLB_NATIVE_BUILD=0)");
  process.exit(0);
}
if (process.platform !== "linux") giveUp(`recvmmsg/sendmmsg are Linux system calls and this is ${process.platform}`);

// node-gyp: the one npm runs us with, else the one bundled with npm next to this node.
const candidates = [
  process.env.npm_config_node_gyp,
  join(dirname(process.execPath), "..", "lib", "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"),
  join(dirname(process.execPath), "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"),
].filter((p) => p && existsSync(p));
const gyp = candidates[0];
if (!gyp) giveUp("node-gyp was not found (it ships with npm)");

// Node's headers: node-gyp downloads them unless told where they are; prefer the ones installed
// with this node (there may be no network).
const args = [gyp, "rebuild", "--directory", here];
if (!process.env.npm_config_nodedir) {
  const prefix = join(dirname(process.execPath), "..");
  if (existsSync(join(prefix, "include", "node", "node_api.h"))) args.push(`--nodedir=${prefix}`);
}
const r = spawnSync(process.execPath, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
if (r.error) giveUp(`node-gyp could not run (${r.error.message})`, out);
if (r.status !== 0) giveUp(`node-gyp exited with ${r.status ?? r.signal}`, out);
const built = join(here, "build", "Release", "gslb_udp.node");
if (!existsSync(built)) giveUp("node-gyp succeeded but produced no gslb_udp.node", out);
// Load it once here, so a broken build shows now rather than at serve time.
try {
  const { createRequire } = await import("node:module");
  createRequire(import.meta.url)(built);
} catch (e) {
  giveUp(`the built addon does not load (${e.message})`);
}
record(true, "built");
say("built the native UDP addon for `hactl gslb serve` (native/build/Release/gslb_udp.node)");
