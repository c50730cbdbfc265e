/** `hactl plan`: the recommended architecture for the objectives, and where a fleet deviates. @module */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { Option, type Command } from "commander";
import { UsageError } from "../model/diagnostics.js";
import { parseDuration } from "../model/units.js";
import type { PlanInputs, PlanResult } from "../plan/types.js";
import { EXIT, stdoutColor, type Io } from "./io.js";
import { colorOption, exitFor, failOnOption, filenameOption, loadOrReport, outputOption, resolveFormat, writeData, type CommonOptions } from "./shared.js";

interface PlanOptions extends CommonOptions {
  rto?: string;
  rpo?: string;
  budget?: PlanInputs["budget"];
  geoRedundancy?: PlanInputs["geoRedundancy"];
  sites?: string;
  zones?: string;
  rtt?: string;
  edgeSites?: string;
  init?: boolean;
  out: string;
  force?: boolean;
  name?: string;
}

export function registerPlan(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command("plan")
    .summary("recommend an HA architecture for the objectives; show where a fleet deviates")
    .description(
      "Apply the seeds' decision tree and matrix (single cluster, multi-zone, stretched, multi-cluster " +
        "active-passive / active-active, hybrid/edge) to the fleet's objectives, sites, zones and RTT. " +
        "Prints the recommendation with its reasons, expected RTO/RPO, complexity and cost, the alternatives, " +
        "and where the described fleet deviates. Without -f, describe the situation with flags. " +
        "With --init, write a starter fleet for the recommendation.",
    )
    .addHelpText(
      "after",
      "\nExamples: " +
        "  hactl plan -f examples/multi-zone/fleet.yaml " +
        "  hactl plan -f fleet.yaml --rpo 0            # what if the RPO were 0? " +
        "  hactl plan --geo-redundancy required --sites 2 --rtt 25ms --rto 1m " +
        "  hactl plan --zones 3 --rto 30s --init --out ./my-fleet",
    );
  filenameOption(cmd, "fleet file (or - for stdin)");
  cmd
    .option("--rto <duration>", "recovery time objective (overrides the fleet's; default 5m)")
    .option("--rpo <duration>", "recovery point objective (overrides the fleet's; default 1m)")
    .addOption(new Option("--budget <level>", "budget (overrides the fleet's; default medium)").choices(["low", "medium", "high"]))
    .addOption(new Option("--geo-redundancy <need>", "must the fleet survive a site loss? (default none)").choices(["none", "preferred", "required"]))
    .option("--sites <n>", "number of sites (without -f; default 1)")
    .option("--zones <n>", "availability zones per site (without -f; default 1)")
    .option("--rtt <duration>", "round-trip time between the sites (without -f), e.g. 8ms")
    .option("--edge-sites <n>", "number of edge sites (without -f; default 0)")
    .option("--init", "write a starter fleet (fleet.yaml and k8s/app.yaml) for the recommendation")
    .option("--out <dir>", "directory for --init, or - to print the fleet (workloads inline)", ".")
    .option("--name <name>", "fleet name for --init", "starter")
    .option("--force", "let --init overwrite existing files");
  outputOption(cmd);
  failOnOption(cmd, "none");
  colorOption(cmd);
  cmd.action(async (opts: PlanOptions) => {
    const { planFleet, planFromInputs } = await import("../plan/index.js");
    const results: PlanResult[] = [];
    const overrides = objectiveOverrides(opts);
    if (opts.filename.length > 0) {
      for (const flag of ["sites", "zones", "rtt", "edgeSites"] as const) {
        if (opts[flag] !== undefined) throw new UsageError(`--${flag === "edgeSites" ? "edge-sites" : flag} cannot be combined with -f`, "the topology comes from the fleet; edit its sites and latency instead");
      }
      const r = await loadOrReport(io, opts);
      if (!r) return setExit(EXIT.input);
      for (const f of r.fleets) results.push(planFleet(f, overrides));
    } else {
      results.push(planFromInputs(inputsFromFlags(opts, overrides), opts.name ?? "starter"));
    }

    if (opts.init) {
      if (results.length !== 1) throw new UsageError(`--init needs exactly one fleet, got ${results.length}`);
      const { starterFleet } = await import("../plan/init.js");
      await writeStarter(io, opts, starterFleet(results[0]!, { name: opts.name, inline: opts.out === "-" }));
      return setExit(EXIT.ok);
    }

    const format = resolveFormat(io, opts.output);
    if (format === "table") {
      const { renderPlan } = await import("../report/plan.js");
      const c = stdoutColor(io, opts.color);
      io.stdout.write(`${results.map((r) => renderPlan(r, c)).join("\n\n")}\n`);
    } else writeData(io, format, results.length === 1 ? results[0] : results);
    setExit(exitFor(results.flatMap((r) => r.deviations.map((d) => d.severity)), opts.failOn));
  });
}

function objectiveOverrides(opts: PlanOptions): Partial<PlanInputs> {
  const o: Partial<PlanInputs> = {};
  if (opts.rto !== undefined) o.rtoMs = durationFlag("--rto", opts.rto);
  if (opts.rpo !== undefined) o.rpoMs = durationFlag("--rpo", opts.rpo);
  if (opts.budget) o.budget = opts.budget;
  if (opts.geoRedundancy) o.geoRedundancy = opts.geoRedundancy;
  return o;
}

function inputsFromFlags(opts: PlanOptions, overrides: Partial<PlanInputs>): PlanInputs {
  const sites = intFlag("--sites", opts.sites, 1, 1);
  const zones = intFlag("--zones", opts.zones, 1, 1);
  const edgeSites = intFlag("--edge-sites", opts.edgeSites, 0, 0);
  const rttMs = opts.rtt === undefined ? undefined : durationFlag("--rtt", opts.rtt);
  const siteList: PlanInputs["sites"] = [];
  for (let i = 0; i < sites; i++) siteList.push({ name: sites === 1 ? "dc1" : `site-${String.fromCharCode(97 + i)}`, kind: zones > 1 ? "cloud-region" : "datacenter", zones });
  for (let i = 0; i < edgeSites; i++) siteList.push({ name: `edge-${i + 1}`, kind: "edge", zones: 1 });
  const siteRtt: PlanInputs["siteRtt"] = [];
  const core = siteList.filter((s) => s.kind !== "edge");
  for (let i = 0; i < core.length; i++) {
    for (let j = i + 1; j < core.length; j++) {
      siteRtt.push({ a: core[i]!.name, b: core[j]!.name, ms: rttMs ?? Infinity, origin: rttMs === undefined ? "unknown" : "declared" });
    }
  }
  return {
    rtoMs: 5 * 60_000,
    rpoMs: 60_000,
    budget: "medium",
    geoRedundancy: "none",
    providerZones: zones > 1,
    edge: edgeSites > 0,
    sites: siteList,
    siteRtt,
    ...overrides,
  };
}

function durationFlag(flag: string, value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw new UsageError(`${flag} "${value}" is not a duration`, 'use a duration such as 30s, 5m, 1h30m or 0');
  return ms;
}

function intFlag(flag: string, value: string | undefined, dflt: number, min: number): number {
  if (value === undefined) return dflt;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} "${value}" is not a whole number ≥ ${min}`);
  return n;
}

async function writeStarter(io: Io, opts: PlanOptions, starter: { files: Record<string, string> }): Promise<void> {
  if (opts.out === "-") {
    io.stdout.write(starter.files["fleet.yaml"]!);
    return;
  }
  const dir = resolve(io.cwd, opts.out);
  const targets = Object.keys(starter.files).map((p) => join(dir, p));
  const existing = targets.filter((t) => existsSync(t));
  if (existing.length > 0 && !opts.force) {
    throw new UsageError(`${existing.map((e) => relative(io.cwd, e) || e).join(", ")} already exist${existing.length === 1 ? "s" : ""}`, "pass --force to overwrite, or --out DIR to write elsewhere");
  }
  for (const [p, content] of Object.entries(starter.files)) {
    const target = join(dir, p);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    io.stderr.write(`wrote ${relative(io.cwd, target) || target}\n`);
  }
  io.stderr.write(`next: hactl assess -f ${relative(io.cwd, join(dir, "fleet.yaml")) || "fleet.yaml"}\n`);
}
