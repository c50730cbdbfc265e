/** `hactl drill -f FLEET`: failure drills that predict each service's RTO and RPO; `hactl drill merge` combines shards. @module */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Option, type Command } from "commander";
import { UsageError } from "../model/diagnostics.js";
import type { Fleet, Scenario } from "../model/fleet.js";
import { parseDuration } from "../model/units.js";
import { progressBar } from "./progress.js";
import { EXIT, stdoutColor, type Io } from "./io.js";
import { colorOption, exitFor, filenameOption, loadOrReport, resolveFormat, writeData, type CommonOptions, type Severity } from "./shared.js";

interface DrillCliOptions extends CommonOptions {
  scenario: string[];
  fail: string[];
  sweep?: boolean;
  cluster?: string;
  shard?: string;
  seed: string;
  bounds: "worst" | "sampled";
  horizon: string;
  fixes: boolean;
  timeline: boolean;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerDrill(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command("drill")
    .summary("replay failures on the twin: each service's RTO, RPO and the fix for missed objectives")
    .description(
      "Replays failures with Kubernetes' own recovery mechanisms and default timings for each cluster's " +
        "version — node lifecycle (grace period, zone-rate-limited NoExecute taints, 300 s tolerations), " +
        "endpoints, controllers and the scheduler (on the twin), volumes (RWO force detach), the control plane " +
        "(etcd quorum, leader election, API endpoint failover), data services, backups and DNS-based traffic — " +
        "and reports per service the unavailable and degraded windows, RTO, capacity RTO, RPO, the verdict " +
        "against the fleet's objectives, the mechanism that dominated and the change that would meet the " +
        "objective (checked by running the scenario again with it). --sweep runs every node, zone, site, " +
        "cluster, etcd member and API endpoint plus the fleet's spec.scenarios. Exit codes: 0 fine (or " +
        "--fail-on none), 1 an objective missed (critical), a service lost with every cluster it runs in " +
        "(warning, single scenarios) or any outage (info) at or above --fail-on, 2 invalid input or usage, " +
        "3 internal error.",
    )
    .addHelpText(
      "after",
      "\nFailures (--fail, repeatable; a step at a time with @):\n" +
        "  node=NAME  shutdown=NAME[:30s]  drain=NAME  zone=NAME  site=NAME  cluster=NAME  etcd=MEMBER\n" +
        "  endpoint=CLUSTER[:N]  storage=NODE  gslb=HOST/CLUSTER  partition=A,B/C  latency=A,B:80ms\n" +
        "  out-of-service=NODE  recover:KIND=NAME    (CLUSTER/NAME when a node name is in several clusters)\n" +
        "\nExamples:\n  hactl drill -f examples/multi-zone/fleet.yaml --fail node=general-1\n" +
        "  hactl drill -f fleet.yaml --fail zone=fra-a --fail node=cp-1@2m\n  hactl drill -f fleet.yaml --scenario zone-a-then-cp-1\n" +
        "  hactl drill -f fleet.yaml --sweep --fail-on critical\n  hactl drill -f fleet.yaml --sweep --shard 2/8 -o json > shard-2.json\n" +
        "  hactl drill merge shard-*.json\n\nDocs: docs/drill.md\n",
    );
  filenameOption(cmd, "fleet file (or - for stdin)");
  cmd.option("--scenario <name>", "run a scenario declared in spec.scenarios (repeatable)", collect, []);
  cmd.option("--fail <failure>", "something fails (repeatable), e.g. node=w-3, zone=fra-a@2m", collect, []);
  cmd.option("--sweep", "every node, zone, site, cluster, etcd member and API endpoint, plus the declared scenarios");
  cmd.option("--cluster <name>", "sweep only this cluster's failure domains");
  cmd.option("--shard <k/N>", "run shard k of N of the sweep (combine with hactl drill merge)");
  cmd.option("--seed <n>", "seed of the scheduler's tie-break and of sampled timings", "1");
  cmd.addOption(new Option("--bounds <mode>", "worst: every timing at its upper bound; sampled: drawn from the seed").choices(["worst", "sampled"]).default("worst"));
  cmd.option("--horizon <duration>", "how long the drill runs at most", "24h");
  cmd.option("--no-fixes", "do not search for the change that meets a missed objective");
  cmd.option("--no-timeline", "omit the timeline");
  cmd.addOption(new Option("-o, --output <format>", "output format (default: table on a terminal, json otherwise)").choices(["table", "json", "yaml"]));
  cmd.addOption(
    new Option("--fail-on <severity>", "exit 1 at or above: critical (objective missed), warning (lost with its cluster), info (any outage)").choices(["critical", "warning", "info", "none"]).default("none"),
  );
  colorOption(cmd);
  cmd.action(async (opts: DrillCliOptions) => setExit(await runDrill(io, opts)));

  cmd
    .command("merge")
    .summary("combine sweep shards (-o json of --sweep --shard k/N) into one result")
    .argument("<files...>", "shard results (JSON)")
    .addOption(new Option("-o, --output <format>", "output format (default: table on a terminal, json otherwise)").choices(["table", "json", "yaml"]))
    .addOption(new Option("--fail-on <severity>", "exit 1 when an objective is missed (critical)").choices(["critical", "warning", "info", "none"]).default("none"))
    .option("--no-color", "disable colours (also: NO_COLOR=1)")
    // `-o` and `--fail-on` exist on `drill` too: Commander may hand them to it, so read both levels.
    .action(async (files: string[], _opts: unknown, command: Command) => setExit(await merge(io, files, command.optsWithGlobals() as { output?: string; failOn: Severity | "none"; color?: boolean })));
}

function parseShard(text: string | undefined): { index: number; count: number } | undefined {
  if (text === undefined) return undefined;
  const m = /^([0-9]+)\/([0-9]+)$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard "${text}" is not k/N with 1 ≤ k ≤ N`, "for example --shard 1/4 … --shard 4/4, then hactl drill merge");
  return { index, count };
}

async function runDrill(io: Io, opts: DrillCliOptions): Promise<number> {
  const seed = Number(opts.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed "${opts.seed}" is not a whole number ≥ 0`, "use --seed 1 (the default) or any other whole number");
  const horizonMs = parseDuration(opts.horizon);
  if (horizonMs === undefined || horizonMs <= 0) throw new UsageError(`--horizon "${opts.horizon}" is not a duration`, "for example --horizon 24h or --horizon 90m");
  const shard = parseShard(opts.shard);
  if (shard && !opts.sweep) throw new UsageError("--shard needs --sweep", "hactl drill -f fleet.yaml --sweep --shard 1/4 -o json");
  if (opts.cluster && !opts.sweep) throw new UsageError("--cluster needs --sweep", "--fail and --scenario name what fails already");
  if (!opts.sweep && opts.scenario.length === 0 && opts.fail.length === 0) {
    throw new UsageError("say what fails", "pass --fail node=NAME (or zone=, site=, cluster=, …), --scenario NAME from spec.scenarios, or --sweep for every single failure domain");
  }
  const loaded = await loadOrReport(io, opts);
  if (!loaded) return EXIT.input;
  const format = resolveFormat(io, opts.output);
  const c = stdoutColor(io, opts.color);
  const { prepareDrill, parseFailure } = await import("../drill/index.js");
  const severities: Severity[] = [];
  const outputs: unknown[] = [];
  const tables: string[] = [];
  for (const fleet of loaded.fleets) {
    if (opts.cluster && !fleet.cluster(opts.cluster)) throw new UsageError(`--cluster "${opts.cluster}" is not a cluster of fleet ${fleet.name}`, `clusters: ${fleet.clusters.map((x) => x.name).join(", ")}`);
    const scenarios = explicitScenarios(fleet, opts, parseFailure);
    const drill = prepareDrill(fleet, { seed, bounds: opts.bounds, horizonMs, fixes: opts.fixes, timeline: opts.timeline, cluster: opts.cluster });
    if (opts.sweep) {
      const progress = progressBar(io);
      const r = drill.sweep({ shard, progress: progress?.update });
      progress?.done();
      for (const w of [...r.worstPerService, ...r.exposure]) {
        if (w.verdict === "missed") severities.push("critical");
        else if (w.rtoMs > 0) severities.push("info");
      }
      outputs.push(r);
      if (format === "table") {
        const { renderSweep } = await import("../report/drill.js");
        tables.push(renderSweep(fleet.name, r, c));
      }
    }
    for (const s of scenarios) {
      const r = drill.run(s);
      for (const o of r.services) severities.push(o.verdict === "missed" ? "critical" : o.verdict === "lost" ? "warning" : "info");
      outputs.push({ fleet: fleet.name, ...r });
      if (format === "table") {
        const { renderScenario } = await import("../report/drill.js");
        tables.push(renderScenario(fleet.name, r, c));
      }
    }
  }
  if (format === "table") io.stdout.write(`${tables.join("\n\n")}\n`);
  else writeData(io, format, outputs.length === 1 ? outputs[0] : outputs);
  return exitFor(severities, opts.failOn);
}

/** The scenarios named by --scenario and the one --fail describes (in that order). */
function explicitScenarios(fleet: Fleet, opts: DrillCliOptions, parseFailure: typeof import("../drill/index.js").parseFailure): Scenario[] {
  const out: Scenario[] = [];
  for (const name of opts.scenario) {
    const s = fleet.scenarios.find((x) => x.name === name);
    if (!s) throw new UsageError(`no scenario "${name}" in fleet ${fleet.name}`, fleet.scenarios.length > 0 ? `declared: ${fleet.scenarios.map((x) => x.name).join(", ")}` : "declare scenarios in spec.scenarios, or use --fail node=NAME");
    out.push(s);
  }
  if (opts.fail.length > 0) {
    const env = { clusters: fleet.clusters, zones: fleet.zones, sites: fleet.sites, hostnames: fleet.traffic.hostnames };
    const steps = opts.fail.map((f) => {
      const r = parseFailure(f, env);
      if ("error" in r) throw new UsageError(r.error, r.hint);
      return r;
    });
    steps.sort((a, b) => a.atMs - b.atMs);
    out.push({ name: opts.fail.join(" "), description: "from the command line", steps });
  }
  return out;
}

async function merge(io: Io, files: string[], opts: { output?: string; failOn: Severity | "none"; color?: boolean }): Promise<number> {
  const { mergeSweeps, parseSweepJson } = await import("../drill/index.js");
  const parts = files.map((f) => {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, f), "utf8");
    } catch (e) {
      throw new UsageError(`cannot read ${f}: ${(e as Error).message}`, "pass the JSON files written by hactl drill --sweep --shard k/N -o json");
    }
    try {
      return parseSweepJson(text);
    } catch (e) {
      throw new UsageError(`${f}: ${(e as Error).message}`, "each file must be the -o json output of one hactl drill --sweep --shard k/N run");
    }
  });
  let r;
  try {
    r = mergeSweeps(parts);
  } catch (e) {
    throw new UsageError((e as Error).message, "merge the shards of one sweep: same fleet, seed and --bounds");
  }
  const missing = r.total - r.entries.length;
  if (missing > 0) io.stderr.write(`warning: ${missing} of ${r.total} scenarios are in none of the files (a shard is missing)\n`);
  const format = resolveFormat(io, opts.output);
  if (format === "table") {
    const { renderSweep } = await import("../report/drill.js");
    io.stdout.write(`${renderSweep(r.fleet, r, stdoutColor(io, opts.color))}\n`);
  } else writeData(io, format, r);
  return exitFor(r.worstPerService.map((w) => (w.verdict === "missed" ? "critical" : "info") as Severity), opts.failOn);
}
