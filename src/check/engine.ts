/**
 * The check engine: runs every enabled rule over each cluster of each fleet (rules of scope
 * `objects` see that cluster's objects, nodes and zones; rules of scope `fleet` run once per fleet)
 * or over plain manifests (no topology). Turns reports into located, fingerprinted findings, then
 * applies suppression (annotation, ignored paths) without losing anything: suppressed findings are
 * kept apart and counted. Pure: no I/O.
 * @module
 */
import { createHash } from "node:crypto";
import type { K8sObject } from "../k8s/object.js";
import { formatPath, type PathSegment } from "../model/diagnostics.js";
import type { Cluster, Fleet } from "../model/fleet.js";
import { locate, type SourceDoc } from "../model/load/yaml-source.js";
import { formatMessage } from "./rule.js";
import { ignores, IGNORE_ANNOTATION, parseIgnore } from "./suppress.js";
import type { CheckResult, Finding, FindingLocation, ObjectRef, Report, Rule, RuleContext, Severity } from "./types.js";
import { buildIndex, type CheckIndex } from "./view/index.js";
import { clusterTopology, UNKNOWN_TOPOLOGY, type Topology } from "./view/topology.js";

/** Per-rule settings from `.hactl.yaml` (already validated). */
export interface RuleSettings {
  enabled?: boolean;
  severity?: Severity;
  /** Options after validation against the rule's schema (defaults applied). */
  options?: unknown;
}

export interface EngineConfig {
  rules: Record<string, RuleSettings>;
  /** Findings in files matching these globs are suppressed (paths relative to `baseDir`). */
  ignorePaths: { glob: string; re: RegExp }[];
  /** Absolute directory the ignore globs are relative to (the config file's directory). */
  baseDir?: string;
  /** Display name of the config file, for suppression reasons. */
  file?: string;
}

export interface CheckInput {
  fleets?: readonly Fleet[];
  /** Plain manifests (no fleet): checked with unknown topology. */
  objects?: readonly K8sObject[];
}

export interface CheckOptions {
  rules: readonly Rule[];
  config?: EngineConfig;
}

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

interface Target {
  objects: readonly K8sObject[];
  topology: Topology;
  cluster?: Cluster;
  fleet?: Fleet;
}

/** Runs the rules; findings come back worst first, then by file, line and column. */
export function runCheck(input: CheckInput, opts: CheckOptions): CheckResult {
  const config = opts.config ?? { rules: {}, ignorePaths: [] };
  const active = opts.rules.filter((r) => isEnabled(r, config));
  const all: Finding[] = [];
  const seen = new Set<string>();
  const sink = (f: Finding) => {
    // A rule reporting the same thing twice (e.g. two PDBs leading to one message) counts once.
    const k = `${f.fingerprint}|${f.message}`;
    if (seen.has(k)) return;
    seen.add(k);
    all.push(f);
  };
  let objectCount = 0;
  let clusterCount = 0;
  const notes: string[] = [];

  if (input.objects && input.objects.length > 0) {
    const { objects, duplicates } = lastDefinitionWins(input.objects);
    if (duplicates.length > 0) {
      notes.push(
        `${duplicates.length} object${duplicates.length === 1 ? " is" : "s are"} defined more than once (same kind, namespace and name), as when several clusters' or overlays' manifests are checked together; ` +
          `the last definition was checked, as kubectl apply would leave it: ${duplicates.slice(0, 3).join("; ")}${duplicates.length > 3 ? "; …" : ""}. Check each cluster's manifests separately, or describe the clusters in a fleet.`,
      );
    }
    objectCount += objects.length;
    runTarget({ objects, topology: UNKNOWN_TOPOLOGY }, active.filter((r) => r.scope === "objects"), config, sink);
  }
  for (const fleet of input.fleets ?? []) {
    for (const cluster of fleet.clusters) {
      clusterCount++;
      objectCount += cluster.objects.length;
      runTarget({ objects: cluster.objects, topology: clusterTopology(cluster), cluster, fleet }, active.filter((r) => r.scope === "objects"), config, sink);
    }
    runTarget({ objects: fleet.objects, topology: UNKNOWN_TOPOLOGY, fleet }, active.filter((r) => r.scope === "fleet"), config, sink);
  }

  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of all.sort(compareFindings)) (f.suppressed ? suppressed : findings).push(f);
  const counts: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return {
    summary: { objects: objectCount, clusters: clusterCount, rules: active.length, findings: counts, suppressed: suppressed.length },
    findings,
    suppressed,
    rules: opts.rules.map((r) => ({ id: r.id, severity: config.rules[r.id]?.severity ?? r.severity, enabled: isEnabled(r, config) })),
    notes,
  };
}

/** Plain manifests may define an object twice (two overlays, two clusters): keep the last, like kubectl apply. */
function lastDefinitionWins(objects: readonly K8sObject[]): { objects: K8sObject[]; duplicates: string[] } {
  const last = new Map<string, K8sObject>();
  const seen = new Map<string, K8sObject[]>();
  for (const o of objects) {
    const k = `${o.apiVersion.split("/")[0]}|${o.kind}|${o.metadata.namespace ?? ""}|${o.metadata.name}`;
    last.set(k, o);
    const list = seen.get(k);
    if (list) list.push(o);
    else seen.set(k, [o]);
  }
  if (last.size === objects.length) return { objects: [...objects], duplicates: [] };
  const keep = new Set(last.values());
  const duplicates = [...seen.values()]
    .filter((l) => l.length > 1)
    .map((l) => `${l[0]!.kind} ${l[0]!.metadata.namespace ? `${l[0]!.metadata.namespace}/` : ""}${l[0]!.metadata.name} (${l.map((o) => `${o.source.file}:${o.source.line}`).join(", ")})`);
  return { objects: objects.filter((o) => keep.has(o)), duplicates };
}

export function isEnabled(r: Rule, config: EngineConfig): boolean {
  return config.rules[r.id]?.enabled ?? !r.optIn;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    RANK[a.severity] - RANK[b.severity] ||
    a.location.file.localeCompare(b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    a.ruleId.localeCompare(b.ruleId) ||
    (a.object.cluster ?? "").localeCompare(b.object.cluster ?? "")
  );
}

function runTarget(t: Target, rules: readonly Rule[], config: EngineConfig, sink: (f: Finding) => void): void {
  if (rules.length === 0) return;
  const index = buildIndex(t.objects);
  for (const rule of rules) {
    const settings = config.rules[rule.id];
    const ctx: RuleContext = {
      rule,
      options: settings?.options ?? rule.defaults,
      index,
      topology: t.topology,
      cluster: t.cluster,
      fleet: t.fleet,
      kubernetesMinor: t.cluster?.version.minor,
      objectives: t.fleet?.objectives,
      report: (r) => sink(toFinding(rule, settings?.severity ?? rule.severity, r, t, config)),
    };
    try {
      rule.check(ctx);
    } catch (e) {
      const where = t.cluster ? ` on cluster ${t.cluster.name}` : "";
      throw new Error(`rule ${rule.id} failed${where}: ${(e as Error).message}`, { cause: e });
    }
  }
}

function toFinding(rule: Rule, severity: Severity, r: Report, t: Target, config: EngineConfig): Finding {
  const path = r.path ?? [];
  const cluster = t.cluster?.name;
  let object: ObjectRef;
  let location: FindingLocation;
  let patch: Finding["fix"]["patch"];
  let annotations: Record<string, string> | undefined;
  let absolutePath = "";
  if (r.object) {
    const o = r.object;
    object = { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name, cluster };
    location = locateIn(o.source.doc, [...o.source.path, ...path], { file: o.source.file, line: o.source.line, column: o.source.column }, path);
    annotations = o.metadata.annotations;
    absolutePath = o.source.doc?.path ?? "";
    if (r.edits && r.edits.length > 0) {
      patch = {
        file: o.source.file,
        filePath: absolutePath,
        doc: o.source.doc?.index ?? 0,
        edits: r.edits.map((e) => (e.op === "add-document" ? e : { ...e, path: [...o.source.path, ...e.path] })),
      };
    }
  } else {
    const fleet = t.fleet;
    const subject = r.subject ?? { kind: "Fleet", name: fleet?.name ?? "" };
    object = { kind: subject.kind, namespace: subject.namespace, name: subject.name, cluster };
    location = locateIn(fleet?.source, path, { file: fleet?.source.file ?? "", line: 1, column: 1 }, path);
    annotations = fleet?.document.metadata.annotations;
    absolutePath = fleet?.source.path ?? "";
    if (fleet && r.edits && r.edits.length > 0) patch = { file: fleet.source.file, filePath: absolutePath, doc: fleet.source.index, edits: r.edits };
  }
  const message = formatMessage(rule, r.messageId, r.data);
  const finding: Finding = {
    ruleId: rule.id,
    messageId: r.messageId,
    severity,
    category: rule.category,
    title: rule.title,
    object,
    location,
    message,
    mechanism: r.mechanism,
    fix: patch ? { description: r.fix, patch } : { description: r.fix },
    related: (r.related ?? []).map((o) => ({
      object: { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name, cluster },
      location: { file: o.source.file, line: o.source.line, column: o.source.column },
    })),
    fingerprint: fingerprint([rule.id, cluster ?? "", object.kind, object.namespace ?? "", object.name, location.path, r.messageId]),
    docsUrl: rule.docsUrl,
  };
  const ignore = parseIgnore(annotations?.[IGNORE_ANNOTATION]);
  if (ignores(ignore, rule.id)) finding.suppressed = { kind: "annotation", reason: ignore?.reason };
  else {
    const glob = matchIgnoredPath(config, absolutePath, location.file);
    if (glob) finding.suppressed = { kind: "config", reason: `ignorePaths ${glob}${config.file ? ` in ${config.file}` : ""}` };
  }
  return finding;
}

function locateIn(doc: SourceDoc | undefined, fullPath: PathSegment[], fallback: { file: string; line: number; column: number }, relPath: PathSegment[]): FindingLocation {
  const path = formatPath(relPath);
  if (!doc) return { ...fallback, path, exact: relPath.length === 0 };
  const loc = locate(doc, fullPath);
  return { file: loc.file, line: loc.line, column: loc.column, path, exact: loc.exact };
}

function matchIgnoredPath(config: EngineConfig, absolutePath: string, display: string): string | undefined {
  if (config.ignorePaths.length === 0) return undefined;
  let rel = display;
  if (absolutePath && config.baseDir) {
    const base = config.baseDir.endsWith("/") ? config.baseDir : `${config.baseDir}/`;
    if (absolutePath.startsWith(base)) rel = absolutePath.slice(base.length);
  }
  return config.ignorePaths.find((g) => g.re.test(rel) || g.re.test(display))?.glob;
}

function fingerprint(parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32);
}

export type { CheckIndex };
