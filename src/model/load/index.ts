/**
 * The loader: `-f` inputs → Fleets (validated, workloads loaded, normalised) and loose Kubernetes
 * objects, with every problem as a located diagnostic. This is the only part of the model that
 * touches the file system.
 * @module
 */
import { dirname } from "node:path";
import type { K8sObject } from "../../k8s/object.js";
import { formatPath, hasErrors, suggest, type Diagnostic, type PathSegment } from "../diagnostics.js";
import type { Fleet } from "../fleet.js";
import { normalizeFleet, type WorkloadBundle } from "../normalize/index.js";
import { FLEET_KIND, fleetDocument, type FleetDocument, type WorkloadSourceSpec } from "../schema/fleet.js";
import { GSLB_KIND, gslbDocument } from "../schema/multicluster.js";
import { validateLeniently } from "../validate.js";
import { classifyDocuments, collectObjects, isRecord, type HactlDocument } from "./manifests.js";
import { readSources, type ReadOptions, type SourceFile } from "./sources.js";
import { parseManifestsFast } from "./fast-yaml.js";
import { diagnosticAt, parseYamlDocuments, type SourceDoc } from "./yaml-source.js";

export { readSources } from "./sources.js";
export { locate, parseYamlDocuments, type SourceDoc } from "./yaml-source.js";
export { parseManifestsFast } from "./fast-yaml.js";

/** hactl kinds this version understands (others in hactl.dev are reported). */
export const HACTL_KINDS = [FLEET_KIND, GSLB_KIND] as const;

export interface LoadResult {
  fleets: Fleet[];
  /** Kubernetes objects that belong to no fleet (plain manifests). */
  objects: K8sObject[];
  /** Other hactl documents: validated `kind: GSLB` documents (value is the parsed document). */
  hactl: HactlDocument[];
  diagnostics: Diagnostic[];
}

export interface LoadOptions extends ReadOptions {
  now?: Date;
}

/** Loads everything named by `-f` inputs. Never throws for bad input: problems are diagnostics. */
export function loadInputs(inputs: readonly string[], opts: LoadOptions = {}): LoadResult {
  const read = readSources(inputs, opts);
  const diagnostics = [...read.diagnostics];
  const consumed = new Set<string>();
  const parsed = read.files.map((f) => parseFile(f, diagnostics));

  // Fleet documents first, so that files they reference are not also read as loose manifests.
  const fleetDocs: { doc: FleetDocument; source: SourceDoc; bundles: WorkloadBundle[] }[] = [];
  const hactlOther: HactlDocument[] = [];
  const classifiedPerFile = parsed.map((p) => classifyDocuments(p.documents));
  for (const c of classifiedPerFile) {
    for (const h of c.hactl) {
      if (h.kind === GSLB_KIND) {
        // A standalone `hactl gslb serve` config: validated here, compiled by gslb/.
        const v = validateLeniently(gslbDocument, h.value, h.source);
        diagnostics.push(...v.diagnostics);
        if (v.data) hactlOther.push({ kind: h.kind, value: v.data as unknown as Record<string, unknown>, source: h.source });
        continue;
      }
      if (h.kind !== FLEET_KIND) {
        diagnostics.push(
          diagnosticAt(h.source, ["kind"], {
            severity: "error",
            code: "unknown-kind",
            message: `unknown hactl kind "${h.kind}"`,
            path: "kind",
            expected: HACTL_KINDS.map((k) => `"${k}"`).join(", "),
            suggestion: suggest(h.kind, HACTL_KINDS, "kind"),
          }),
        );
        continue;
      }
      const v = validateLeniently(fleetDocument, h.value, h.source);
      diagnostics.push(...v.diagnostics);
      if (!v.data) continue;
      const bundles = loadWorkloadSources(v.data, h.source, consumed, opts, diagnostics);
      fleetDocs.push({ doc: v.data, source: h.source, bundles });
    }
  }

  const loose: K8sObject[] = [];
  classifiedPerFile.forEach((c, i) => {
    const file = read.files[i]!;
    if (file.path && consumed.has(file.path)) return;
    diagnostics.push(...c.diagnostics);
    loose.push(...c.objects);
  });

  const fleets: Fleet[] = [];
  if (fleetDocs.length > 1 && loose.length > 0) {
    const files = [...new Set(loose.map((o) => o.source.file))].slice(0, 3);
    diagnostics.push({
      severity: "error",
      code: "ambiguous-manifests",
      message: `${loose.length} manifest object(s) (from ${files.join(", ")}${files.length < loose.length ? ", …" : ""}) were given next to ${fleetDocs.length} fleets, so hactl cannot tell which fleet they belong to`,
      suggestion: "reference the manifests from each fleet's spec.workloads, or run hactl once per fleet",
    });
  }
  for (const f of fleetDocs) {
    if (fleetDocs.length === 1 && loose.length > 0) f.bundles.push({ origin: { kind: "command-line" }, objects: loose });
    const n = normalizeFleet(f.doc, f.source, f.bundles, { now: opts.now });
    diagnostics.push(...n.diagnostics);
    fleets.push(n.fleet);
  }
  return { fleets, objects: fleetDocs.length > 0 ? [] : loose, hactl: hactlOther, diagnostics };
}

function parseFile(f: SourceFile, diagnostics: Diagnostic[]) {
  const fast = parseManifestsFast(f.name, f.text, f.path);
  if (fast) return { documents: fast, diagnostics: [] };
  const p = parseYamlDocuments(f.name, f.text, f.path);
  diagnostics.push(...p.diagnostics);
  return p;
}

function loadWorkloadSources(doc: FleetDocument, fleetSource: SourceDoc, consumed: Set<string>, opts: LoadOptions, diagnostics: Diagnostic[]): WorkloadBundle[] {
  const bundles: WorkloadBundle[] = [];
  const baseDir = fleetSource.path ? dirname(fleetSource.path) : (opts.cwd ?? process.cwd());
  const load = (src: WorkloadSourceSpec, path: PathSegment[]): K8sObject[] => {
    const ns = src.namespace ?? "default";
    const objects: K8sObject[] = [];
    if (src.inline !== undefined) {
      const items = Array.isArray(src.inline) ? src.inline : [src.inline];
      items.forEach((item, i) => {
        const itemPath = Array.isArray(src.inline) ? [...path, "inline", i] : [...path, "inline"];
        if (isRecord(item)) collectObjects(item, fleetSource, itemPath, ns, objects, diagnostics);
      });
      return objects;
    }
    const r = readSources([src.path!], { cwd: baseDir, readStdin: opts.readStdin });
    for (const d of r.diagnostics) {
      diagnostics.push(
        diagnosticAt(fleetSource, [...path, "path"], {
          severity: "error",
          code: d.code,
          message: `workload path "${src.path}": ${d.message.replace(/^no such file or directory: .*/, `no such file or directory (looked in ${baseDir})`)}`,
          path: formatPath([...path, "path"]),
          suggestion: "paths are relative to the fleet file",
        }),
      );
    }
    for (const f of r.files) {
      consumed.add(f.path);
      const p = parseFile(f, diagnostics);
      const c = classifyDocuments(p.documents, ns);
      diagnostics.push(...c.diagnostics);
      for (const h of c.hactl) {
        diagnostics.push(
          diagnosticAt(h.source, [], {
            severity: "error",
            code: "unexpected-kind",
            message: `a workload source holds a hactl ${h.kind || "document"}; workload sources hold Kubernetes manifests only`,
            suggestion: `move it out of ${src.path}, or point spec.workloads at a narrower path`,
          }),
        );
      }
      objects.push(...c.objects);
    }
    return objects;
  };
  (doc.spec.workloads ?? []).forEach((src, index) => {
    bundles.push({ origin: { kind: "fleet", index }, objects: load(src, ["spec", "workloads", index]) });
  });
  doc.spec.clusters.forEach((c, clusterIndex) => {
    (c.workloads ?? []).forEach((src, index) => {
      bundles.push({ origin: { kind: "cluster", cluster: c.name, clusterIndex, index }, objects: load(src, ["spec", "clusters", clusterIndex, "workloads", index]) });
    });
  });
  return bundles;
}

/** Convenience for tests and engines: load, and fail if anything is an error. */
export function loadFleetOrThrow(inputs: readonly string[], opts: LoadOptions = {}): Fleet[] {
  const r = loadInputs(inputs, opts);
  if (hasErrors(r.diagnostics)) {
    throw new Error(r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join("\n"));
  }
  return r.fleets;
}
