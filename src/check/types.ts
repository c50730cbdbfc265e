/**
 * Shapes of the check engine: rule metadata, the context a rule runs in, and findings (stable JSON).
 * Rules are plain data plus one `check` function; everything else (docs URLs, option defaults,
 * severity overrides, suppression, locations) is added by the engine so rule files hold only logic.
 * @module
 */
import type * as z from "zod";
import type { K8sObject } from "../k8s/object.js";
import type { PathSegment } from "../model/diagnostics.js";
import type { Cluster, Fleet, ResolvedObjectives } from "../model/fleet.js";
import type { CheckIndex } from "./view/index.js";
import type { Topology } from "./view/topology.js";

export type Severity = "critical" | "warning" | "info";

export const SEVERITIES: readonly Severity[] = ["critical", "warning", "info"];

export type Category =
  | "workload"
  | "disruption"
  | "topology"
  | "control-plane"
  | "storage"
  | "network"
  | "data"
  | "backup"
  | "traffic"
  | "multi-cluster";

export const CATEGORIES: readonly Category[] = ["workload", "disruption", "topology", "control-plane", "storage", "network", "data", "backup", "traffic", "multi-cluster"];

/**
 * Where a rule runs:
 * - `objects`: once per set of Kubernetes objects — each cluster of a fleet, or the plain manifests
 *   when no fleet is given (then `ctx.topology.known` is false and zones must not be guessed);
 * - `fleet`: once per fleet (never on plain manifests); findings point into the fleet file.
 */
export type RuleScope = "objects" | "fleet";

/** What a rule author writes (see docs/check-engine.md). */
export interface RuleDefinition<O extends z.ZodType = z.ZodType> {
  /** Stable kebab-case id; also the file name, the test name and the docs page name. */
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  /** Why this matters for availability, in two or three sentences (shown by `hactl rules` and `explain`). */
  rationale: string;
  /** Kinds this rule looks at (`Deployment`, ..., or `Fleet` for fleet-level rules); JUnit makes one testcase per object × rule from it. */
  appliesTo: readonly string[];
  scope?: RuleScope;
  /** Off unless enabled in `.hactl.yaml` (noisy or opinionated rules). */
  optIn?: boolean;
  /** Message templates by id; `{{name}}` is replaced with `data.name` (ESLint style). */
  messages: Record<string, string>;
  /** Options schema with defaults (a zod object); validated when a config sets options. */
  options?: O;
  check(ctx: RuleContext<z.output<O>>): void;
}

/** A rule as the engine holds it: the definition with defaults and its docs URL filled in. */
export interface Rule<O extends z.ZodType = z.ZodType> extends RuleDefinition<O> {
  scope: RuleScope;
  optIn: boolean;
  /** Options with every default applied. */
  defaults: z.output<O>;
  /** Link to docs/rules/<id>.md (SARIF helpUri, table footers). */
  docsUrl: string;
}

/** A mechanical fix: edits to one YAML document, applied with the `yaml` Document API (comments survive). */
export interface Patch {
  file: string;
  /** Absolute path of the file; empty when the object came from stdin (then the patch can only be printed). */
  filePath: string;
  /** 0-based document index within the file. */
  doc: number;
  edits: PatchEdit[];
}

/**
 * `set` writes a field (creating parents), `delete` removes one, `add-document` appends a new YAML
 * document (e.g. a missing PodDisruptionBudget) to the file of the object; its `path` is ignored.
 */
export type PatchEdit =
  | { op: "set"; path: PathSegment[]; value: unknown }
  | { op: "delete"; path: PathSegment[] }
  | { op: "add-document"; path: PathSegment[]; value: Record<string, unknown> };

/** What a rule passes to `ctx.report`. */
export interface Report {
  /** The object the finding is about (omit for fleet findings). */
  object?: K8sObject;
  /** Field inside `object` (e.g. `["spec", "replicas"]`), or inside the fleet document when `object` is omitted. */
  path?: PathSegment[];
  /** For fleet findings: what is wrong (e.g. `{ kind: "Cluster", name: "prod" }`). */
  subject?: { kind: string; name: string; namespace?: string };
  messageId: string;
  data?: Record<string, string | number>;
  /** Why it hurts availability, with the numbers. */
  mechanism: string;
  /** What to do, in words. */
  fix: string;
  /** Field edits, relative to `object` (or to the fleet document), when the fix is mechanical. */
  edits?: PatchEdit[];
  /** Other objects involved (the PDB of a workload, the Service, ...). */
  related?: readonly K8sObject[];
}

export interface RuleContext<O = unknown> {
  readonly rule: Rule;
  readonly options: O;
  /** Indexed view of the objects this run looks at. */
  readonly index: CheckIndex;
  /** Nodes and zones when a fleet is given; `known: false` for plain manifests. */
  readonly topology: Topology;
  /** The cluster being checked (fleet runs only). */
  readonly cluster?: Cluster;
  readonly fleet?: Fleet;
  /** Kubernetes minor version when known (fleet runs). */
  readonly kubernetesMinor?: number;
  readonly objectives?: ResolvedObjectives;
  report(r: Report): void;
}

export interface ObjectRef {
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
  cluster?: string;
}

export interface FindingLocation {
  file: string;
  line: number;
  column: number;
  /** JSON path of the field, e.g. `spec.template.spec.containers[0].readinessProbe`. */
  path: string;
  /** False when the field does not exist yet and the location is its nearest existing parent. */
  exact: boolean;
}

export interface Suppression {
  kind: "annotation" | "config";
  /** The reason written after `:` in the annotation, or the config file / glob that suppressed it. */
  reason?: string;
}

export interface Finding {
  ruleId: string;
  /** Which of the rule's messages this is. */
  messageId: string;
  severity: Severity;
  category: Category;
  title: string;
  object: ObjectRef;
  location: FindingLocation;
  message: string;
  mechanism: string;
  fix: { description: string; patch?: Patch };
  related: { object: ObjectRef; location: Omit<FindingLocation, "path" | "exact"> }[];
  /** Stable across line moves: hash of rule, object identity, cluster and field path. */
  fingerprint: string;
  docsUrl: string;
  suppressed?: Suppression;
}

export interface CheckSummary {
  /** Objects looked at (each cluster's objects, or the plain manifests). */
  objects: number;
  clusters: number;
  rules: number;
  findings: Record<Severity, number>;
  suppressed: number;
}

export interface CheckResult {
  summary: CheckSummary;
  /** Active findings, worst first, then by file and line. */
  findings: Finding[];
  /** Findings silenced by annotation or config (counted in `summary.suppressed`). */
  suppressed: Finding[];
  /** Rules that ran, with their effective severity. */
  rules: { id: string; severity: Severity; enabled: boolean }[];
  /** Things the engine did that the user should know (duplicates resolved, ...). */
  notes: string[];
}
