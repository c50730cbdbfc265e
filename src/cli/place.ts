/** `hactl place -f FLEET`: where kube-scheduler would put every pod, and what stays Pending. @module */
import { Option, type Command } from "commander";
import { UsageError } from "../model/diagnostics.js";
import type { Fleet } from "../model/fleet.js";
import { EXIT, stdoutColor, type Io } from "./io.js";
import { colorOption, exitFor, filenameOption, loadOrReport, resolveFormat, writeData, type CommonOptions } from "./shared.js";

interface PlaceOptions extends CommonOptions {
  cluster?: string;
  seed: string;
  explain?: string;
  percentageOfNodesToScore?: string;
  nodes?: boolean;
  pods?: boolean;
}

export function registerPlace(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command("place")
    .summary("place every pod the way kube-scheduler would; show what stays Pending and why")
    .description(
      "Build the twin of each cluster (nodes from the fleet's pools, pods from its workloads: replicas, " +
        "HPA minReplicas, StatefulSet ordinals and claims, one DaemonSet pod per eligible node, Job " +
        "parallelism) and schedule every pod with kube-scheduler's default plugins and weights. Prints pods " +
        "per zone and node, utilisation per node, and Pending pods with kube-scheduler's own reason " +
        "(`0/6 nodes are available: ...`). --explain shows, for one pod, every filter's verdict per node " +
        "and every score, like kube-scheduler-simulator. Ties are broken by a seeded random choice: the same " +
        "--seed gives the same placement. Exit codes: 0 every pod placed (or --fail-on none), 1 Pending pods " +
        "at or above --fail-on, 2 invalid input or usage, 3 internal error.",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  hactl place -f examples/multi-zone/fleet.yaml\n  hactl place -f fleet.yaml --cluster prod -o json\n" +
        "  hactl place -f fleet.yaml --explain shop/web-0\n  hactl place -f fleet.yaml --seed 7 --fail-on warning\n\nDocs: docs/place.md\n",
    );
  filenameOption(cmd, "fleet file (or - for stdin)");
  cmd.addOption(new Option("-o, --output <format>", "output format (default: table on a terminal, json otherwise)").choices(["table", "json", "yaml"]));
  cmd.option("--cluster <name>", "only this cluster");
  cmd.option("--seed <n>", "seed of the random tie-break", "1");
  cmd.option("--explain <pod>", "explain the scheduling of one pod (namespace/name; needs --cluster when several clusters run it)");
  cmd.option("--percentage-of-nodes-to-score <p>", "kube-scheduler percentageOfNodesToScore (0 = adaptive, the default)");
  cmd.option("--nodes", "table: list every node (default: only when the cluster has at most 50)");
  cmd.option("--pods", "table: list every pod with its node");
  cmd.addOption(
    new Option("--fail-on <severity>", "exit 1 when pods stay Pending (Pending pods are warnings)").choices(["critical", "warning", "info", "none"]).default("none"),
  );
  colorOption(cmd);
  cmd.action(async (opts: PlaceOptions) => {
    const seed = Number(opts.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed "${opts.seed}" is not a whole number ≥ 0`, "use --seed 1 (the default) or any other whole number");
    let percentage = 0;
    if (opts.percentageOfNodesToScore !== undefined) {
      percentage = Number(opts.percentageOfNodesToScore);
      if (!Number.isInteger(percentage) || percentage < 0 || percentage > 100) {
        throw new UsageError(`--percentage-of-nodes-to-score "${opts.percentageOfNodesToScore}" is not a whole number from 0 to 100`, "0 is kube-scheduler's adaptive default; 100 scores every feasible node");
      }
    }
    const loaded = await loadOrReport(io, opts);
    if (!loaded) return setExit(EXIT.input);
    const fleets = loaded.fleets;
    if (opts.cluster && !fleets.some((f) => f.cluster(opts.cluster!))) {
      const names = fleets.flatMap((f) => f.clusters.map((c) => c.name));
      throw new UsageError(`--cluster "${opts.cluster}" is not a cluster of the fleet`, `clusters: ${names.join(", ")}`);
    }
    const format = resolveFormat(io, opts.output);
    const c = stdoutColor(io, opts.color);
    if (opts.explain) return setExit(await explain(io, fleets, opts, seed, percentage, format, c));

    const { placeFleet } = await import("../twin/index.js");
    const placements = fleets.map((f) => placeFleet(f, { seed, cluster: opts.cluster, percentageOfNodesToScore: percentage }));
    if (format === "table") {
      const { renderPlacement } = await import("../report/place.js");
      io.stdout.write(`${placements.map((p) => renderPlacement(p, c, { nodes: opts.nodes, pods: opts.pods })).join("\n\n")}\n`);
    } else writeData(io, format, placements.length === 1 ? placements[0] : placements);
    const pending = placements.flatMap((p) => p.clusters.flatMap((cl) => cl.pending));
    setExit(exitFor(pending.map(() => "warning" as const), opts.failOn));
  });
}

async function explain(io: Io, fleets: Fleet[], opts: PlaceOptions, seed: number, percentage: number, format: "table" | "json" | "yaml", c: ReturnType<typeof stdoutColor>): Promise<number> {
  const ref = opts.explain!;
  if (!/^[^/]+\/[^/]+$/.test(ref)) throw new UsageError(`--explain "${ref}" is not namespace/name`, "name the pod as namespace/name, e.g. --explain shop/web-0 (hactl place -o json lists the pods)");
  const { createTwin } = await import("../twin/index.js");
  const found: { fleet: string; cluster: string; twin: ReturnType<typeof createTwin> }[] = [];
  for (const f of fleets) {
    for (const cl of f.clusters) {
      if (opts.cluster && cl.name !== opts.cluster) continue;
      const twin = createTwin(cl, { seed, percentageOfNodesToScore: percentage });
      twin.placeAll();
      if (twin.pod(ref)) found.push({ fleet: f.name, cluster: cl.name, twin });
    }
  }
  if (found.length === 0) {
    throw new UsageError(`no pod "${ref}" in ${opts.cluster ? `cluster ${opts.cluster}` : "the fleet"}`, "pod names come from their workloads (web-7d4b9c6f5-x2k9p, db-0): list them with hactl place -o json --pods");
  }
  if (found.length > 1) throw new UsageError(`pod "${ref}" runs in clusters ${found.map((x) => x.cluster).join(", ")}`, "pick one with --cluster NAME");
  const { twin, cluster } = found[0]!;
  const e = twin.explain(ref);
  if (format === "table") {
    const { renderExplanation } = await import("../report/place.js");
    io.stdout.write(`${renderExplanation(cluster, e, c)}\n`);
  } else writeData(io, format, { cluster, ...e });
  return EXIT.ok;
}
