/**
 * Splits parsed documents into hactl documents (Fleet, ...) and Kubernetes objects. `List` kinds
 * are flattened; unknown kinds and CRDs are kept as they are; namespaced objects without a namespace
 * get the default one, as `kubectl apply` would.
 * @module
 */
import { basename } from "node:path";
import { CLUSTER_SCOPED_KINDS, type K8sObject } from "../../k8s/object.js";
import { formatPath, type Diagnostic, type PathSegment } from "../diagnostics.js";
import { diagnosticAt, locate, type ParsedDocument, type SourceDoc } from "./yaml-source.js";

/** A document of one of hactl's own kinds (apiVersion hactl.dev/...). */
export interface HactlDocument {
  kind: string;
  value: Record<string, unknown>;
  source: SourceDoc;
}

export interface Classified {
  hactl: HactlDocument[];
  objects: K8sObject[];
  diagnostics: Diagnostic[];
}

export const HACTL_API_GROUP = "hactl.dev";

/** Classifies every document; the hactl documents come back unvalidated. */
export function classifyDocuments(documents: readonly ParsedDocument[], defaultNamespace = "default"): Classified {
  const out: Classified = { hactl: [], objects: [], diagnostics: [] };
  for (const { source, value } of documents) {
    if (value === null || value === undefined) continue; // empty document, e.g. `---` between Helm templates
    if (!isRecord(value)) {
      out.diagnostics.push(
        diagnosticAt(source, [], {
          severity: "error",
          code: "not-an-object",
          message: `expected a Kubernetes object (a mapping with apiVersion and kind), got ${describe(value)}`,
          suggestion: hintForFile(source.file),
        }),
      );
      continue;
    }
    const apiVersion = value["apiVersion"];
    if (typeof apiVersion === "string" && apiVersion.split("/")[0] === HACTL_API_GROUP) {
      out.hactl.push({ kind: String(value["kind"] ?? ""), value, source });
      continue;
    }
    collectObjects(value, source, [], defaultNamespace, out.objects, out.diagnostics);
  }
  return out;
}

/** Adds one object (or the items of a List) found at `path` of `source`. */
export function collectObjects(
  value: Record<string, unknown>,
  source: SourceDoc,
  path: PathSegment[],
  defaultNamespace: string,
  objects: K8sObject[],
  diagnostics: Diagnostic[],
): void {
  const kind = value["kind"];
  const apiVersion = value["apiVersion"];
  if (typeof kind === "string" && kind.endsWith("List") && Array.isArray(value["items"])) {
    (value["items"] as unknown[]).forEach((item, i) => {
      const itemPath = [...path, "items", i];
      if (!isRecord(item)) {
        diagnostics.push(
          diagnosticAt(source, itemPath, {
            severity: "error",
            code: "not-an-object",
            message: `List item is not an object (${describe(item)})`,
            path: formatPath(itemPath),
          }),
        );
        return;
      }
      collectObjects(item, source, itemPath, defaultNamespace, objects, diagnostics);
    });
    return;
  }
  const missing: string[] = [];
  if (typeof apiVersion !== "string" || apiVersion === "") missing.push("apiVersion");
  if (typeof kind !== "string" || kind === "") missing.push("kind");
  const metadata = isRecord(value["metadata"]) ? value["metadata"] : undefined;
  const name = metadata?.["name"] ?? metadata?.["generateName"];
  if (typeof name !== "string" || name === "") missing.push("metadata.name");
  if (missing.length > 0) {
    diagnostics.push(
      diagnosticAt(source, missing[0] === "metadata.name" ? [...path, "metadata"] : path, {
        severity: "error",
        code: "missing-field",
        message: `object is missing ${missing.map((m) => `\`${m}\``).join(" and ")}`,
        path: formatPath([...path, ...missing[0]!.split(".")]),
        expected: "every Kubernetes object has apiVersion, kind and metadata.name",
        suggestion: hintForFile(source.file),
      }),
    );
    return;
  }
  const loc = locate(source, path);
  const namespaced = !CLUSTER_SCOPED_KINDS.has(kind as string);
  const ns = metadata?.["namespace"];
  objects.push({
    apiVersion: apiVersion as string,
    kind: kind as string,
    metadata: {
      name: name as string,
      namespace: namespaced ? (typeof ns === "string" && ns !== "" ? ns : defaultNamespace) : undefined,
      labels: stringMap(metadata?.["labels"]),
      annotations: stringMap(metadata?.["annotations"]),
    },
    body: value,
    source: { file: source.file, line: loc.line, column: loc.column, doc: source, path },
  });
}

function hintForFile(file: string): string | undefined {
  const base = basename(file);
  if (base === "Chart.yaml" || /^values.*\.ya?ml$/.test(base)) {
    return "this looks like a Helm chart file: render the chart with `helm template <chart> | hactl ... -f -`";
  }
  if (base === "kustomization.yaml" || base === "kustomization.yml") {
    return "render Kustomize overlays with `kustomize build <dir> | hactl ... -f -`";
  }
  return undefined;
}

function stringMap(v: unknown): Record<string, string> {
  if (!isRecord(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (val !== null && val !== undefined) out[k] = String(val);
  return out;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return "a list";
  if (v === null) return "null";
  return `the ${typeof v} ${JSON.stringify(v).slice(0, 40)}`;
}
