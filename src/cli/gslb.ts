/**
 * `hactl gslb`: run the authoritative DNS server with health checks and failover (`serve`), talk to a
 * running one through its admin API (`status`, `drain`, `undrain`, `trace`, `explain`, `reload`),
 * and write what it takes to run one instance per cluster (`generate`).
 * @module
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { Option, type Command } from "commander";
import { InputError, UsageError } from "../model/diagnostics.js";
import { parseDuration } from "../model/units.js";
import { VERSION } from "../version.js";
import { EXIT, type Io } from "./io.js";
import { colorOption, filenameOption, printDiagnostics } from "./shared.js";

const DEFAULT_ADMIN = "http://127.0.0.1:8053";

export function registerGslb(program: Command, io: Io, setExit: (code: number) => void): void {
  const gslb = program
    .command("gslb")
    .summary("authoritative DNS with health checks and failover across clusters")
    .description(
      "Global load balancing by DNS: `serve` answers A/AAAA for the fleet's traffic host names from health " +
        "checks (HTTP/HTTPS/TCP/DNS probes, Kubernetes readiness, quorum across instances) with the failover, " +
        "round-robin, weighted or geo strategy. The other subcommands talk to a running instance's admin API " +
        "or generate its deployment.",
    )
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  hactl gslb serve -f fleet.yaml --instance prod-fra --dns 127.0.0.1:5353 --admin 127.0.0.1:8053\n" +
        "  hactl gslb status\n" +
        "  hactl gslb drain shop.example.com/prod-fra      # or a cluster name: every target in it\n" +
        "  hactl gslb undrain prod-fra --ramp 5m\n" +
        "  hactl gslb trace shop.example.com\n" +
        "  hactl gslb generate -f fleet.yaml --out deploy/gslb",
    );

  const serve = gslb.command("serve").description("run the DNS server, health checks, peer and admin API until SIGTERM (SIGHUP reloads)");
  filenameOption(serve, "fleet file or kind: GSLB document");
  serve
    .option("--instance <name>", "this instance's name (one of gslb.peers when peers are set)")
    .option("--cluster <name>", "cluster this instance runs in: its targets' Service readiness is read through the kubeconfig")
    .option("--kubeconfig <path>", "kubeconfig for Kubernetes readiness (default: gslb.kubernetes.kubeconfig, $KUBECONFIG, ~/.kube/config, or in-cluster)")
    .option("--context <name>", "kubeconfig context of this instance's own cluster (default: gslb.kubernetes.contexts, else the current context)")
    .option("--dns <host:port>", "DNS listen address (overrides gslb.listen.dns)")
    .option("--admin <host:port>", "admin API listen address (overrides gslb.listen.admin)")
    .option("--no-watch", "do not reload when the config file changes (SIGHUP still reloads)")
    .addOption(new Option("--log-level <level>", "log level; debug logs every answer's decision").choices(["info", "debug", "warn", "error"]).default("info"))
    .addOption(new Option("--log-format <format>", "log format").choices(["text", "json"]).default("text"));
  colorOption(serve);
  serve.action(async (opts: { filename: string[]; instance?: string; cluster?: string; kubeconfig?: string; context?: string; dns?: string; admin?: string; watch: boolean; logLevel: string; logFormat: string; color?: boolean }) => {
    if (opts.filename.length === 0) throw new UsageError("no configuration given", "pass the fleet (or a kind: GSLB document) with -f FILE");
    if (opts.kubeconfig !== undefined && !existsSync(resolve(io.cwd, opts.kubeconfig))) {
      throw new UsageError(`--kubeconfig ${opts.kubeconfig}: no such file`, "pass the path of a kubeconfig file, or leave the flag out to use $KUBECONFIG / ~/.kube/config / the in-cluster config");
    }
    if (opts.context !== undefined && opts.cluster === undefined) {
      throw new UsageError("--context needs --cluster", "--context names the kubeconfig context of the cluster this instance runs in; say which cluster that is with --cluster");
    }
    const dns = opts.dns !== undefined ? hostPortFlag("--dns", opts.dns) : undefined;
    const admin = opts.admin !== undefined ? hostPortFlag("--admin", opts.admin) : undefined;
    const { GslbRuntime, StartError } = await import("../gslb/runtime.js");
    const levels = ["debug", "info", "warn", "error"];
    const min = levels.indexOf(opts.logLevel);
    const log = (level: "info" | "warn" | "error" | "debug", msg: string, fields?: Record<string, unknown>) => {
      if (levels.indexOf(level) < min) return;
      if (opts.logFormat === "json") io.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
      else io.stderr.write(`${new Date().toISOString()} ${level.padEnd(5)} ${msg}\n`);
    };
    let rt: import("../gslb/runtime.js").GslbRuntime;
    try {
      rt = await GslbRuntime.start({
        inputs: opts.filename,
        instance: opts.instance ?? opts.cluster ?? "gslb",
        cluster: opts.cluster,
        kubeconfig: opts.kubeconfig === undefined ? undefined : resolve(io.cwd, opts.kubeconfig),
        context: opts.context,
        dns,
        admin,
        env: io.env,
        cwd: io.cwd,
        watch: opts.watch,
        log,
        debug: opts.logLevel === "debug",
      });
    } catch (e) {
      if (e instanceof StartError) {
        if (e.diagnostics.length > 0) {
          printDiagnostics(io, e.diagnostics, opts.color);
          throw new UsageError(`${e.message}; nothing was served`, e.hint);
        }
        throw new UsageError(e.message, e.hint);
      }
      throw e;
    }
    await new Promise<void>((done) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return void log("info", `${signal} received: already shutting down`);
        stopping = true;
        log("info", `${signal} received`);
        process.off("SIGHUP", hup);
        void rt.shutdown().then(done);
      };
      const hup = () => {
        log("info", "SIGHUP received: reloading the configuration");
        void rt.reload();
      };
      process.on("SIGHUP", hup);
      process.on("SIGTERM", () => stop("SIGTERM"));
      process.on("SIGINT", () => stop("SIGINT"));
    });
    setExit(EXIT.ok);
  });

  const adminOpt = (c: Command) =>
    c.option("--admin <url>", `admin API of the instance (env HACTL_GSLB_ADMIN)`).option("--token <token>", "bearer token for drain/undrain/reload (env HACTL_GSLB_ADMIN_TOKEN)");

  const status = adminOpt(gslb.command("status").description("targets, health per vantage point, current answers and recent changes"));
  status.addOption(new Option("-o, --output <format>", "output format (default: table on a terminal, json otherwise)").choices(["table", "json"]));
  status.action(async (opts: { admin?: string; output?: string }) => {
    const s = (await call(io, opts, "GET", "/status")) as StatusView;
    const format = opts.output ?? (io.stdout.isTTY ? "table" : "json");
    if (format === "json") io.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
    else io.stdout.write(renderStatus(s));
    setExit(EXIT.ok);
  });

  for (const verb of ["drain", "undrain"] as const) {
    const c = adminOpt(
      gslb
        .command(`${verb} <target>`)
        .description(
          verb === "drain"
            ? "withdraw a target (host/cluster, or a cluster name): lower the TTL, wait out the old TTL, then stop answering it"
            : "bring a drained target back, ramping its answer share up instead of one step",
        ),
    );
    if (verb === "undrain") c.option("--ramp <duration>", "ramp duration (default: gslb.ramp)");
    c.action(async (target: string, opts: { admin?: string; token?: string; ramp?: string }) => {
      if (opts.ramp !== undefined && parseDuration(opts.ramp) === undefined) throw new UsageError(`--ramp "${opts.ramp}" is not a duration`, "use e.g. 30s, 2m or 0 for no ramp");
      const r = (await call(io, opts, "POST", `/${verb}`, { target, ramp: opts.ramp })) as { targets: { target: string; phase: string; until: number }[] };
      for (const t of r.targets) {
        io.stdout.write(
          verb === "drain"
            ? `${t.target}: TTL lowered now; withdrawn at ${new Date(t.until).toISOString()} once the old TTL has run out\n`
            : `${t.target}: ${t.phase === "ramping" ? `ramping up until ${new Date(t.until).toISOString()}` : "back at full share"}\n`,
        );
      }
      setExit(EXIT.ok);
    });
  }

  adminOpt(gslb.command("reload").description("re-read the configuration (like SIGHUP); an invalid one is rejected and the running one stays")).action(
    async (opts: { admin?: string; token?: string }) => {
      const r = (await call(io, opts, "POST", "/reload", {}, true)) as { ok: boolean; message: string; diagnostics: Parameters<typeof printDiagnostics>[1] };
      if (!r.ok) {
        printDiagnostics(io, r.diagnostics, undefined);
        throw new UsageError(r.message, "fix the file and reload again");
      }
      io.stdout.write(`${r.message}\n`);
      setExit(EXIT.ok);
    },
  );

  const traceCmd = adminOpt(gslb.command("trace [name]").description("explain recent answers: rule, health snapshot, client subnet, TTL reason"));
  traceCmd.option("--id <id>", "only the answer to this query ID").option("--client <ip>", "only answers to this client").option("--limit <n>", "how many", "20");
  traceCmd.action(async (name: string | undefined, opts: { admin?: string; id?: string; client?: string; limit: string }) => {
    const q = new URLSearchParams();
    if (name) q.set("name", name);
    if (opts.id) q.set("id", opts.id);
    if (opts.client) q.set("client", opts.client);
    q.set("limit", opts.limit);
    const r = await call(io, opts, "GET", `/trace?${q}`);
    io.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    setExit(EXIT.ok);
  });

  const explainCmd = adminOpt(gslb.command("explain <name>").description("what the server would answer now for a name, type and client, and why"));
  explainCmd.option("--type <type>", "record type", "A").option("--client <ip>", "resolver address").option("--subnet <cidr>", "client subnet (ECS), e.g. 192.0.2.0/24");
  explainCmd.action(async (name: string, opts: { admin?: string; type: string; client?: string; subnet?: string }) => {
    const q = new URLSearchParams({ name, type: opts.type });
    if (opts.client) q.set("client", opts.client);
    if (opts.subnet) q.set("subnet", opts.subnet);
    io.stdout.write(`${JSON.stringify(await call(io, opts, "GET", `/explain?${q}`), null, 2)}\n`);
    setExit(EXIT.ok);
  });

  const gen = gslb.command("generate").description("Kubernetes manifests for one instance per cluster, and the NS delegation records for the parent zone");
  filenameOption(gen, "fleet file or kind: GSLB document");
  gen
    .option("--out <dir>", "write <dir>/<cluster>/gslb.yaml and <dir>/delegation.zone instead of printing")
    .option("--image <image>", "container image", `ghcr.io/hactl/hactl:${VERSION}`)
    .option("--namespace <ns>", "namespace of the GSLB", "hactl-gslb")
    .option("--delegation", "print only the NS delegation records");
  colorOption(gen);
  gen.action(async (opts: { filename: string[]; out?: string; image: string; namespace: string; delegation?: boolean; color?: boolean }) => {
    if (opts.filename.length === 0) throw new UsageError("no configuration given", "pass the fleet (or a kind: GSLB document) with -f FILE");
    const { loadGslbConfig } = await import("../gslb/config/load.js");
    const { generateGslb } = await import("../gslb/generate.js");
    const r = loadGslbConfig(opts.filename, { cwd: io.cwd, readStdin: io.readStdin, now: io.now() });
    if (!r.config) throw new InputError(r.diagnostics);
    printDiagnostics(io, r.diagnostics, opts.color);
    const g = generateGslb(r.config, {
      image: opts.image,
      namespace: opts.namespace,
      document: r.document!,
      peerSecret: io.env[r.config.peerSecretEnv] ?? randomBytes(32).toString("hex"),
      adminToken: io.env[r.config.adminTokenEnv] ?? randomBytes(24).toString("hex"),
    });
    if (opts.out) {
      const dir = resolve(io.cwd, opts.out);
      for (const [cluster, yaml] of Object.entries(g.manifests)) {
        mkdirSync(join(dir, cluster), { recursive: true });
        writeFileSync(join(dir, cluster, "gslb.yaml"), yaml);
        io.stderr.write(`wrote ${relative(io.cwd, join(dir, cluster, "gslb.yaml"))}\n`);
      }
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "delegation.zone"), g.delegation);
      io.stderr.write(`wrote ${relative(io.cwd, join(dir, "delegation.zone"))} (add these records to the parent zone)\n`);
    } else if (opts.delegation) io.stdout.write(g.delegation);
    else io.stdout.write(`${Object.values(g.manifests).join("---\n")}---\n# NS delegation for the parent zone:\n${g.delegation.replace(/^(?!;)/gm, "# ").replace(/^;/gm, "#")}`);
    setExit(EXIT.ok);
  });
}

function hostPortFlag(flag: string, value: string): { host: string; port: number } {
  const m = /^(\[([0-9a-fA-F:.]+)\]|([^:\s]*)):([0-9]{1,5})$/.exec(value);
  const port = m ? Number(m[4]) : NaN;
  if (!m || port > 65535) throw new UsageError(`${flag} "${value}" is not host:port`, `use e.g. ${flag} 127.0.0.1:5353, ${flag} :5353 or ${flag} [::1]:5353`);
  const host = m[2] ?? m[3] ?? "";
  return { host: host === "" ? "0.0.0.0" : host, port };
}

async function call(io: Io, opts: { admin?: string; token?: string }, method: "GET" | "POST", path: string, body?: unknown, allow422 = false): Promise<unknown> {
  const base = opts.admin ?? io.env["HACTL_GSLB_ADMIN"] ?? DEFAULT_ADMIN;
  let url: URL;
  try {
    url = new URL(path, base);
  } catch {
    throw new UsageError(`--admin "${base}" is not a URL`, `use e.g. --admin ${DEFAULT_ADMIN}`);
  }
  const token = opts.token ?? io.env["HACTL_GSLB_ADMIN_TOKEN"];
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new UsageError(`cannot reach the GSLB admin API at ${base} (${cause})`, "start one with `hactl gslb serve`, or point --admin (or HACTL_GSLB_ADMIN) at it");
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`the admin API at ${base} answered ${res.status} with something that is not JSON: ${text.slice(0, 200)}`);
  }
  if (!res.ok && !(allow422 && res.status === 422)) {
    const err = (data as { error?: string }).error ?? text;
    const hint = res.status === 401 || res.status === 403 ? "pass the token with --token or HACTL_GSLB_ADMIN_TOKEN (the server's gslb.adminTokenEnv)" : undefined;
    throw new UsageError(`${method} ${path.split("?")[0]} failed (${res.status}): ${err}`, hint);
  }
  return data;
}

interface StatusView {
  instance: string;
  ready: { ok: boolean; reason: string };
  instances: string[];
  hostnames: {
    name: string;
    strategy: string;
    answers: { type: string; region?: string; ttl: number; rule: string; choices: { addresses: string[] }[] }[];
    targets: { id: string; cluster: string; drain: { phase: string; share: number }; endpoints: { address: string; up: boolean; verdict: string; votes: Record<string, boolean | undefined> }[] }[];
  }[];
  events: { at: string; target: string; address?: string; change: string }[];
}

function renderStatus(s: StatusView): string {
  const out: string[] = [`instance ${s.instance} (${s.ready.ok ? "ready" : `not ready: ${s.ready.reason}`}); quorum over ${s.instances.join(", ")}`, ""];
  for (const h of s.hostnames) {
    out.push(`${h.name}  [${h.strategy}]`);
    for (const a of h.answers.filter((x) => x.region === undefined)) {
      out.push(`  ${a.type.padEnd(4)} ttl ${String(a.ttl).padStart(4)}s  ${a.choices.map((c) => c.addresses.join(",")).join(" | ") || "(none)"}  — ${a.rule}`);
    }
    for (const t of h.targets) {
      for (const e of t.endpoints) {
        const votes = Object.entries(e.votes).map(([k, v]) => `${k}:${v === undefined ? "?" : v ? "up" : "down"}`).join(" ");
        out.push(`    ${t.cluster.padEnd(14)} ${e.address.padEnd(16)} ${(e.up ? "UP" : "DOWN").padEnd(5)} ${t.drain.phase === "active" ? "" : `${t.drain.phase} ${Math.round(t.drain.share * 100)}% `}${votes}  (${e.verdict})`);
      }
    }
    out.push("");
  }
  if (s.events.length > 0) {
    out.push("recent changes:");
    for (const e of s.events.slice(-10)) out.push(`  ${e.at}  ${e.target}${e.address ? `@${e.address}` : ""}: ${e.change}`);
  }
  return `${out.join("\n")}\n`;
}
