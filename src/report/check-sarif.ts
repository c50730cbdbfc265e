/**
 * SARIF 2.1.0 for `hactl check -o sarif`, shaped for GitHub code scanning: every rule in
 * `tool.driver.rules` with short/full description, help text and `helpUri` (docs/rules/<id>.md),
 * results with a relative `artifactLocation.uri`, a `region` (startLine/startColumn) and
 * `partialFingerprints` that survive line moves; suppressed findings (with --show-suppressed) carry
 * `suppressions` with the reason. Validated against the official schema in test/check/sarif.test.ts.
 * @module
 */
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import type { CheckResult, Finding, Rule, Severity } from "../check/types.js";
import { VERSION } from "../version.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { critical: "error", warning: "warning", info: "note" };

export interface SarifOptions {
  showSuppressed?: boolean;
}

export function renderSarif(r: CheckResult, rules: readonly Rule[], opts: SarifOptions = {}): Record<string, unknown> {
  const severity = new Map(r.rules.map((x) => [x.id, x]));
  const ruleIndex = new Map(rules.map((x, i) => [x.id, i]));
  const results = [...r.findings, ...(opts.showSuppressed ? r.suppressed : [])].map((f) => result(f, ruleIndex.get(f.ruleId)));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "hactl",
            semanticVersion: VERSION,
            informationUri: "https://github.com/hactl/hactl",
            rules: rules.map((rule) => ({
              id: rule.id,
              name: pascal(rule.id),
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.rationale },
              helpUri: rule.docsUrl,
              help: { text: `${rule.rationale}\nSee ${rule.docsUrl}`, markdown: `${rule.rationale}\n\n[${rule.id} documentation](${rule.docsUrl})` },
              defaultConfiguration: {
                level: LEVEL[severity.get(rule.id)?.severity ?? rule.severity],
                enabled: severity.get(rule.id)?.enabled ?? !rule.optIn,
              },
              properties: { tags: ["availability", "kubernetes", rule.category], precision: "high", category: rule.category },
            })),
          },
        },
        columnKind: "unicodeCodePoints",
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: r.notes.map((n) => ({ level: "note", message: { text: n } })) }],
        results,
      },
    ],
  };
}

function result(f: Finding, ruleIndex: number | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleId: f.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: LEVEL[f.severity],
    message: { text: `${f.message}${f.object.cluster ? ` (cluster ${f.object.cluster})` : ""}. ${f.mechanism} Fix: ${f.fix.description}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifact(f.location.file),
          region: { startLine: Math.max(1, f.location.line), startColumn: Math.max(1, f.location.column) },
        },
        logicalLocations: [
          {
            name: f.object.name,
            fullyQualifiedName: [f.object.cluster, f.object.kind, f.object.namespace, f.object.name].filter(Boolean).join("/"),
            kind: "resource",
          },
        ],
      },
    ],
    partialFingerprints: { "hactlFinding/v1": f.fingerprint },
    relatedLocations: f.related.map((rel, i) => ({
      id: i + 1,
      physicalLocation: { artifactLocation: artifact(rel.location.file), region: { startLine: Math.max(1, rel.location.line), startColumn: Math.max(1, rel.location.column) } },
      message: { text: `${rel.object.kind} ${rel.object.namespace ? `${rel.object.namespace}/` : ""}${rel.object.name}` },
    })),
    properties: {
      severity: f.severity,
      category: f.category,
      object: f.object,
      path: f.location.path,
      mechanism: f.mechanism,
      fix: f.fix.description,
      ...(f.fix.patch ? { patch: f.fix.patch } : {}),
    },
  };
  if (f.suppressed) {
    out["suppressions"] = [{ kind: f.suppressed.kind === "annotation" ? "inSource" : "external", status: "accepted", ...(f.suppressed.reason ? { justification: f.suppressed.reason } : {}) }];
  }
  return out;
}

/** Relative paths stay relative (GitHub resolves them against the checkout); absolute ones become file URLs. */
function artifact(file: string): { uri: string; uriBaseId?: string } {
  if (file === "<stdin>" || file === "") return { uri: "stdin" };
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split(/[\\/]/).map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
}

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}
