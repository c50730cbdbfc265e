// Golden results of the twin: placements and what-ifs on many clusters, to check that a speed-up
// changes no result (same node for every pod, same Pending reasons, same random draws, same what-ifs).
// Run: npm run build && node bench/twin.golden.mjs record DIR   (before a change)
//      npm run build && node bench/twin.golden.mjs check DIR    (after: every case must match byte for byte)
// Options: --quick skips the 5,000-node benchmark clusters; --only NAME runs the cases whose name contains NAME.
// Cases: the benchmark clusters (a, a-bare, b) at full and reduced size with zone and node what-ifs,
// 160 random clusters (taints incl. PreferNoSchedule, cordons, zones, selectors, spreading of every
// kind, (anti-)affinity, priorities, StatefulSets with claims, DaemonSets, best-effort pods, extended
// resources, percentageOfNodesToScore) each followed by random node and pod operations, and every
// example fleet placed.
import { readdirSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { goldenArgs, runGolden } from "./golden.mjs";
import { cluster as benchCluster } from "./twin.bench.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { createTwin, placeFleet } = await import(join(root, "dist", "twin", "index.js"));
const { makeCluster, makeNode, makePod, HOSTNAME, ZONE } = await import(join(root, "dist", "twin", "testing", "builders.js"));
const { loadInputs } = await import(join(root, "dist", "model", "load", "index.js"));

/** A small deterministic PRNG for the random cases (independent of the twin's). */
function prng(seed) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  return { next, int: (a, b) => a + Math.floor(next() * (b - a + 1)), pick: (xs) => xs[Math.floor(next() * xs.length)], chance: (p) => next() < p };
}

const state = (t) => ({ pods: t.pods().map((p) => [p.ref, p.phase, p.node ?? ""]), pending: t.pending() });

/** The drill's node failure on a twin: NotReady, pods evicted without scheduling, one batch. */
function failNode(t, node, opts = {}) {
  const d = t.setNotReady(node, { noExecute: false });
  const reps = t.podsOn(node).filter((p) => p.phase === "Running").map((p) => t.evict(p.ref, { schedule: false })?.pod).filter(Boolean);
  const r = t.scheduleMany(reps);
  return { d, results: r.results.map((x) => [x.pod, x.node ?? "", x.zone ?? ""]), unschedulable: r.unschedulable, pending: r.pending, preempted: r.preempted, opts };
}

function benchCase(scenario, nodes, pods) {
  const t = createTwin(benchCluster(scenario, nodes, pods), { seed: 1 });
  const out = { place: t.placeAll() };
  out.place = { scheduled: out.place.scheduled, pending: out.place.pending, preempted: out.place.preempted, results: out.place.results.map((r) => `${r.pod}@${r.node}`) };
  out.state = state(t);
  const names = t.nodes().map((n) => n.name);
  // A zone lost (the drill's sequence, every node of z1 failing one after another), then restored.
  const s = t.snapshot();
  out.zone = names.filter((_, i) => i % 3 === 0).map((n) => failNode(t, n));
  out.zoneState = state(t);
  t.restore(s);
  out.afterRestore = JSON.stringify(state(t)) === JSON.stringify(out.state);
  // Single-node what-ifs, each restored.
  out.nodes = [];
  for (let i = 0; i < Math.min(names.length, 60); i++) {
    const n = names[(i * 7919) % names.length];
    out.nodes.push(failNode(t, n));
    t.restore(s);
  }
  t.release(s);
  out.final = state(t);
  return out;
}

function randomCase(seed) {
  const r = prng(seed * 7919 + 17);
  const zones = r.int(1, 4);
  const big = r.chance(0.3);
  const nodeCount = big ? r.int(100, 600) : r.int(1, 40);
  const prefer = r.chance(0.2);
  const nodes = [];
  for (let i = 0; i < nodeCount; i++) {
    const b = makeNode(`n${i}`).cpu(r.int(1, 16)).memory(r.int(1, 64) * 2 ** 30).pods(r.int(3, 60)).label("disk", r.pick(["ssd", "hdd"]));
    if (!r.chance(0.03)) b.zone(`z${i % zones}`);
    if (r.chance(0.08)) b.taint("dedicated", "batch", "NoSchedule");
    if (prefer && r.chance(0.2)) b.taint("soft", "x", "PreferNoSchedule");
    if (r.chance(0.04)) b.unschedulable();
    if (r.chance(0.05)) b.extended("example.com/gpu", r.int(1, 4));
    nodes.push(b.obj());
  }
  const objects = [];
  const wl = r.int(1, big ? 30 : 8);
  for (let w = 0; w < wl; w++) {
    const app = `w${w}`;
    const p = makePod(app, r.chance(0.2) ? "other" : undefined).label("app", r.chance(0.1) ? "shared" : app).label("tier", r.pick(["web", "db"]));
    if (!r.chance(0.1)) p.req({ cpu: `${r.int(0, 2000)}m`, memory: `${r.int(0, 4096)}Mi` });
    if (r.chance(0.05)) p.req({ cpu: `${r.int(50, 500)}m`, "example.com/gpu": 1 });
    const kind = r.next();
    if (kind < 0.15) p.spread(r.int(1, 3), ZONE, { nodeTaintsPolicy: r.pick(["Honor", "Ignore"]), minDomains: r.chance(0.2) ? r.int(1, 4) : undefined });
    else if (kind < 0.25) p.spread(r.int(1, 2), HOSTNAME);
    else if (kind < 0.32) p.spread(r.int(1, 3), ZONE, { when: "ScheduleAnyway" });
    else if (kind < 0.4) p.podAntiAffinity({ app }, HOSTNAME);
    else if (kind < 0.45) p.podAntiAffinity({ app }, ZONE);
    else if (kind < 0.5) p.preferredPodAntiAffinity(r.int(1, 100), { app }, HOSTNAME);
    else if (kind < 0.54) p.podAffinity({ tier: "db" }, ZONE);
    else if (kind < 0.58) p.preferredPodAffinity(r.int(1, 100), { tier: "web" }, ZONE);
    if (r.chance(0.15)) p.nodeSelector({ disk: "ssd" });
    if (r.chance(0.08)) p.preferNode(r.int(1, 100), "disk", ["hdd"]);
    if (r.chance(0.15)) p.toleration({ key: "dedicated", operator: "Equal", value: "batch", effect: "NoSchedule" });
    if (r.chance(0.15)) p.priority(r.pick([10, 100, 1000]));
    const form = r.next();
    const replicas = r.int(1, big ? 120 : 12);
    if (form < 0.7) objects.push(p.deployment(replicas));
    else if (form < 0.8) objects.push(p.statefulSet(Math.min(replicas, 6)));
    else if (form < 0.87) objects.push(p.daemonSet());
    else for (let i = 0; i < Math.min(replicas, 8); i++) objects.push(makePod(`${app}-bare-${i}`).label("app", app).req({ cpu: `${r.int(0, 800)}m` }).obj());
  }
  const pct = r.pick([0, 0, 0, 10, 30, 100]);
  const t = createTwin(makeCluster(nodes, objects), { seed: r.int(0, 1000), percentageOfNodesToScore: pct });
  const out = { place: t.placeAll() };
  out.place = { scheduled: out.place.scheduled, pending: out.place.pending, preempted: out.place.preempted, results: out.place.results.map((x) => `${x.pod}@${x.node ?? ""}:${x.preempted ?? ""}`) };
  out.state = state(t);
  out.ops = [];
  const s = t.snapshot();
  for (let k = 0; k < r.int(1, 12); k++) {
    const names = t.nodes().map((n) => n.name);
    if (names.length === 0) break;
    const n = r.pick(names);
    const running = t.pods().filter((p) => p.phase === "Running");
    const op = r.pick(["cordon", "uncordon", "taint", "notReady", "fail", "ready", "remove", "evict", "delete", "add", "restore", "untaint"]);
    let res;
    switch (op) {
      case "cordon":
        t.cordon(n);
        res = t.retryPending().map((x) => x.node ?? "");
        break;
      case "uncordon":
        res = t.uncordon(n);
        break;
      case "taint":
        res = t.taint(n, { key: "x", value: String(k % 3), effect: r.pick(["NoExecute", "NoSchedule", "PreferNoSchedule"]) });
        break;
      case "untaint":
        res = t.untaint(n, "x");
        break;
      case "notReady":
        res = t.setNotReady(n, { noExecute: r.chance(0.5), reachable: r.chance(0.3) });
        break;
      case "fail":
        res = failNode(t, n);
        break;
      case "ready":
        res = t.setReady(n);
        break;
      case "remove":
        res = t.removeNode(n);
        break;
      case "evict":
        if (running.length > 0) res = t.evict(r.pick(running).ref);
        break;
      case "delete":
        if (running.length > 0) res = t.deletePod(r.pick(running).ref);
        break;
      case "add":
        res = t.addNode(makeNode(`extra-${k}`).zone(`z${k % zones}`).cpu(8).pods(30).label("disk", "ssd").obj());
        break;
      case "restore":
        t.restore(s);
        res = "restored";
        break;
    }
    out.ops.push([op, n, res, state(t)]);
  }
  t.restore(s);
  t.release(s);
  out.restored = JSON.stringify(state(t)) === JSON.stringify(out.state);
  // A fresh pod that fits nowhere: the FitError over every node.
  out.huge = t.addPod({ name: "huge", labels: { app: "huge" }, spec: { containers: [{ name: "c", resources: { requests: { cpu: "1000" } } }] } });
  // A high-priority pod that fits only by preempting (PostFilter), with its victims' replacements.
  for (const cpu of ["3", "12"]) out[`vip${cpu}`] = t.addPod({ name: `vip-${cpu}`, labels: { app: "vip" }, spec: { priority: 100000, containers: [{ name: "c", resources: { requests: { cpu, memory: "1Gi" } } }] } });
  out.afterVip = state(t);
  const some = t.pods().filter((p) => p.phase === "Running").slice(0, 3);
  out.explain = some.map((p) => t.explain(p.ref));
  return out;
}

function examples() {
  const out = {};
  for (const name of readdirSync(join(root, "examples")).sort()) {
    const file = join(root, "examples", name, "fleet.yaml");
    if (!existsSync(file)) continue;
    const loaded = loadInputs([file], { cwd: root, now: new Date("2026-11-21T00:00:00Z") });
    for (const f of loaded.fleets) out[`${name}/${f.name}`] = placeFleet(f, { seed: 1 });
  }
  return out;
}

const { mode, dir, quick, only } = goldenArgs("twin.golden.mjs");
const cases = [];
for (const s of ["a", "a-bare", "b"]) cases.push([`bench-${s}-small`, () => benchCase(s, 600, 18000)]);
for (const s of ["a", "a-bare", "b"]) cases.push([`bench-${s}-odd`, () => benchCase(s, 257, 4100)]);
for (let i = 0; i < 160; i++) cases.push([`random-${i}`, () => randomCase(i)]);
cases.push(["examples", examples]);
if (!quick) for (const s of ["a", "a-bare", "b"]) cases.push([`bench-${s}-full`, () => benchCase(s, 5000, 150000)]);
runGolden(cases, { mode, dir, only });
