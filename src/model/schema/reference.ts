/**
 * The field reference of docs/fleet.md, generated from the Fleet JSON Schema so the docs cannot
 * drift from what hactl accepts: one section per object, one row per field with its type, default,
 * description and an example.
 * @module
 */

type Json = Record<string, unknown>;

interface Section {
  path: string;
  title?: string;
  description?: string;
  schema: Json;
}

/** Markdown for every object in `schema`, depth-first in document order. */
export function fieldReference(schema: Json): string {
  const sections: Section[] = [];
  collect(schema, "", sections, new Set());
  return sections.map(renderSection).join("\n");
}

function collect(schema: Json, path: string, out: Section[], seen: Set<Json>): void {
  const obj = objectOf(schema);
  if (!obj || seen.has(obj)) return;
  seen.add(obj);
  out.push({ path: path || "(document)", title: (obj["title"] ?? schema["title"]) as string | undefined, description: (schema["description"] ?? obj["description"]) as string | undefined, schema: obj });
  for (const [key, prop] of Object.entries((obj["properties"] ?? {}) as Record<string, Json>)) {
    const p = path ? `${path}.${key}` : key;
    const inner = objectOf(prop);
    if (inner) collect(prop, p, out, seen);
    const items = arrayItems(prop);
    if (items && objectOf(items)) collect(items, `${p}[]`, out, seen);
    const values = recordValues(prop);
    if (values && objectOf(values)) collect(values, `${p}.<key>`, out, seen);
  }
}

/** The object schema in `s` (directly or as the object branch of a union). */
function objectOf(s: Json | undefined): Json | undefined {
  if (!s) return undefined;
  if (s["type"] === "object" && s["properties"]) return s;
  for (const k of ["anyOf", "oneOf"]) {
    const branches = s[k] as Json[] | undefined;
    const o = branches?.find((b) => b["type"] === "object" && b["properties"]);
    if (o) return o;
  }
  return undefined;
}

function arrayItems(s: Json): Json | undefined {
  if (s["type"] === "array") return s["items"] as Json | undefined;
  return undefined;
}

function recordValues(s: Json): Json | undefined {
  if (s["type"] === "object" && !s["properties"] && typeof s["additionalProperties"] === "object") return s["additionalProperties"] as Json;
  return undefined;
}

export function typeOf(s: Json): string {
  if (s["const"] !== undefined) return `\`${JSON.stringify(s["const"])}\``;
  if (Array.isArray(s["enum"])) return (s["enum"] as unknown[]).map((v) => `\`${String(v)}\``).join(" \\| ");
  for (const k of ["anyOf", "oneOf"]) {
    const branches = s[k] as Json[] | undefined;
    if (branches) return [...new Set(branches.map(typeOf))].join(" or ");
  }
  switch (s["type"]) {
    case "array": {
      const items = s["items"] as Json | Json[] | undefined;
      if (Array.isArray(items) || s["prefixItems"]) return `[${((s["prefixItems"] as Json[]) ?? (items as Json[])).map(typeOf).join(", ")}]`;
      return items ? `list of ${typeOf(items)}` : "list";
    }
    case "object":
      if (s["properties"]) return (s["title"] as string) ?? "object";
      if (typeof s["additionalProperties"] === "object") return `map of ${typeOf(s["additionalProperties"] as Json)}`;
      return "object";
    case "string":
      if (s["pattern"] === "^(0|([0-9]+(\\.[0-9]+)?(ms|s|m|h|d))+)$") return "duration";
      if (s["format"] === "date") return "date";
      return "string";
    case "integer":
      return "integer";
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    default:
      return "any";
  }
}

/** GitHub's heading anchor: lower-case, punctuation dropped, spaces to hyphens. */
export function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function headingOf(sec: Pick<Section, "path" | "title">): string {
  return `\`${sec.path}\`${sec.title && sec.title !== sec.path ? ` (${sec.title})` : ""}`;
}

/** Where a field's own section is, for fields whose type is an object or a list of objects. */
function sectionLink(path: string, prop: Json): string | undefined {
  const target = objectOf(prop) ? { path, title: objectOf(prop)!["title"] as string | undefined } : undefined;
  const items = arrayItems(prop);
  const itemTarget = items && objectOf(items) ? { path: `${path}[]`, title: objectOf(items)!["title"] as string | undefined } : undefined;
  const values = recordValues(prop);
  const valueTarget = values && objectOf(values) ? { path: `${path}.<key>`, title: objectOf(values)!["title"] as string | undefined } : undefined;
  const t = target ?? itemTarget ?? valueTarget;
  return t ? `see [${t.path}](#${anchor(headingOf(t))})` : undefined;
}

function renderSection(sec: Section): string {
  const lines: string[] = [];
  lines.push(`### ${headingOf(sec)}`);
  lines.push("");
  if (sec.description) lines.push(`${sec.description}`, "");
  const required = new Set((sec.schema["required"] ?? []) as string[]);
  lines.push("| Field | Type | Required | Default | Description | Example |");
  lines.push("|---|---|---|---|---|---|");
  for (const [key, prop] of Object.entries((sec.schema["properties"] ?? {}) as Record<string, Json>)) {
    const example = exampleOf(prop);
    const fieldPath = sec.path === "(document)" ? key : `${sec.path}.${key}`;
    const link = sectionLink(fieldPath, prop);
    lines.push(
      `| \`${key}\` | ${typeOf(prop)} | ${required.has(key) && prop["default"] === undefined ? "yes" : ""} | ${prop["default"] !== undefined ? `\`${inline(prop["default"])}\`` : ""} | ${escape(String(prop["description"] ?? ""))} | ${example !== undefined ? `\`${inline(example)}\`` : (link ?? "")} |`,
    );
  }
  lines.push("");
  return lines.join("\n");
}

/** The example of a field: its own, or that of the array items / union branch. */
export function exampleOf(prop: Json): unknown {
  if (prop["const"] !== undefined) return prop["const"];
  const own = prop["examples"] as unknown[] | undefined;
  if (own && own.length > 0) return own[0];
  for (const k of ["anyOf", "oneOf"]) {
    for (const b of (prop[k] as Json[] | undefined) ?? []) {
      const e = b["examples"] as unknown[] | undefined;
      if (e && e.length > 0) return e[0];
    }
  }
  const items = prop["items"] as Json | undefined;
  if (items && !Array.isArray(items)) {
    const e = items["examples"] as unknown[] | undefined;
    if (e && e.length > 0) return [e[0]];
  }
  return undefined;
}

function inline(v: unknown): string {
  return JSON.stringify(v).replace(/\|/g, "\\|");
}

function escape(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
