import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fleetJsonSchema } from "../src/model/schema/fleet.js";
import { exampleOf } from "../src/model/schema/reference.js";
import { fleetDocText, schemaFileText } from "../src/tools/generate.js";
import { VERSION } from "../src/version.js";
import { ROOT } from "./helpers/cli.js";

describe("files generated from the schema", () => {
  it("schema/fleet.schema.json is up to date (run `npm run gen`)", () => {
    expect(readFileSync(join(ROOT, "schema", "fleet.schema.json"), "utf8")).toBe(schemaFileText());
  });

  it("docs/fleet.md's field reference is up to date (run `npm run gen`)", () => {
    const doc = readFileSync(join(ROOT, "docs", "fleet.md"), "utf8");
    expect(doc).toBe(fleetDocText(doc));
  });

  it("documents every field with a description and an example", () => {
    const missing: string[] = [];
    const visit = (s: Record<string, unknown>, path: string) => {
      const props = (s["properties"] ?? {}) as Record<string, Record<string, unknown>>;
      for (const [k, p] of Object.entries(props)) {
        const branches = [p, ...((p["anyOf"] as Record<string, unknown>[]) ?? [])];
        const obj = branches.find((b) => b["type"] === "object" && b["properties"]);
        const items = p["items"] as Record<string, unknown> | undefined;
        const itemObj = items && items["type"] === "object" && items["properties"] ? items : undefined;
        if (obj) visit(obj, `${path}.${k}`);
        else if (itemObj) visit(itemObj, `${path}.${k}[]`);
        else {
          if (!p["description"] && k !== "apiVersion" && k !== "kind") missing.push(`${path}.${k}: description`);
          if (exampleOf(p) === undefined) missing.push(`${path}.${k}: example`);
        }
      }
    };
    visit(fleetJsonSchema(), "");
    expect(missing).toEqual([]);
  });

  it("VERSION matches package.json", () => {
    expect(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version).toBe(VERSION);
  });
});
