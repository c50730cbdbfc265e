/**
 * Reads `-f` inputs with the model's loader (so errors carry file:line:column) and compiles the one
 * GSLB config they hold: a `kind: GSLB` document, or the traffic section of one Fleet. Used at start
 * and on every reload.
 * @module
 */
import { hasErrors, type Diagnostic } from "../../model/diagnostics.js";
import { loadInputs } from "../../model/load/index.js";
import type { GslbDocument } from "../../model/schema/multicluster.js";
import { compileGslb } from "./compile.js";
import type { GslbConfig } from "./types.js";

export interface LoadedConfig {
  config?: GslbConfig;
  /** The configuration as a standalone `kind: GSLB` document (what `hactl gslb generate` ships). */
  document?: Record<string, unknown>;
  diagnostics: Diagnostic[];
}

export function loadGslbConfig(inputs: readonly string[], opts: { cwd?: string; readStdin?: () => string; now?: Date } = {}): LoadedConfig {
  const r = loadInputs(inputs, { cwd: opts.cwd, readStdin: opts.readStdin, now: opts.now });
  const diagnostics = [...r.diagnostics];
  if (hasErrors(diagnostics)) return { diagnostics };
  const gslbDocs = r.hactl.filter((h) => h.kind === "GSLB");
  const count = gslbDocs.length + r.fleets.length;
  if (count !== 1) {
    diagnostics.push({
      severity: "error",
      code: count === 0 ? "missing-config" : "ambiguous-config",
      message:
        count === 0
          ? `no GSLB configuration in ${inputs.join(", ")}: expected a Fleet with spec.traffic, or a kind: GSLB document`
          : `${count} GSLB configurations in ${inputs.join(", ")} (${r.fleets.length} fleet(s), ${gslbDocs.length} GSLB document(s)); one instance serves exactly one`,
      suggestion: count === 0 ? "pass the fleet file with -f (see docs/gslb.md for a standalone kind: GSLB example)" : "pass only one of them with -f",
    });
    return { diagnostics };
  }
  const input = gslbDocs[0]
    ? ({ kind: "document", document: gslbDocs[0].value as unknown as GslbDocument, source: gslbDocs[0].source } as const)
    : ({ kind: "fleet", fleet: r.fleets[0]! } as const);
  const c = compileGslb(input, { now: opts.now });
  const files = [...new Set(inputs.filter((i) => i !== "-"))];
  if (c.config) c.config.files = [...new Set([...c.config.files, ...files])];
  let document: Record<string, unknown> | undefined;
  if (c.config) {
    if (input.kind === "document") document = input.document as unknown as Record<string, unknown>;
    else {
      const traffic = structuredClone(input.fleet.document.spec.traffic!);
      // Regions came from the fleet's sites; a standalone document must carry them on the targets.
      traffic.hostnames.forEach((h, hi) => h.targets.forEach((t, ti) => (t.region ??= c.config!.hostnames[hi]!.targets[ti]!.region || undefined)));
      document = { apiVersion: "hactl.dev/v1alpha1", kind: "GSLB", metadata: { name: input.fleet.name }, spec: traffic };
    }
  }
  return { config: c.config, document, diagnostics: [...diagnostics, ...c.diagnostics] };
}
