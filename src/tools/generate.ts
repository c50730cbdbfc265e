/**
 * Regenerates the files derived from the Fleet schema: schema/fleet.schema.json and the field
 * reference in docs/fleet.md (between the GENERATED markers). `npm run gen`; a test fails when
 * the committed files are stale.
 * @module
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fleetJsonSchema } from "../model/schema/fleet.js";
import { fieldReference } from "../model/schema/reference.js";

export const BEGIN = "<!-- BEGIN GENERATED: field reference (npm run gen) -->";
export const END = "<!-- END GENERATED -->";

export function schemaFileText(): string {
  return `${JSON.stringify(fleetJsonSchema(), null, 2)}\n`;
}

/** docs/fleet.md with its generated section replaced. */
export function fleetDocText(current: string): string {
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (start < 0 || end < 0) throw new Error(`docs/fleet.md lacks the ${BEGIN} … ${END} markers`);
  return `${current.slice(0, start + BEGIN.length)}\n\n${fieldReference(fleetJsonSchema())}${current.slice(end)}`;
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/").split("/").slice(-2).join("/"));
if (isMain) {
  const root = process.cwd();
  writeFileSync(join(root, "schema", "fleet.schema.json"), schemaFileText());
  const docPath = join(root, "docs", "fleet.md");
  writeFileSync(docPath, fleetDocText(readFileSync(docPath, "utf8")));
  process.stdout.write("wrote schema/fleet.schema.json and docs/fleet.md\n");
}
