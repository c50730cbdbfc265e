/**
 * Plain-text building blocks for human output: kubectl-style aligned tables, colours that switch
 * off when the output is not a terminal, and word wrapping.
 * @module
 */

export type Style = "red" | "yellow" | "green" | "cyan" | "dim" | "bold" | "magenta";

const CODES: Record<Style, [number, number]> = {
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  cyan: [36, 39],
  magenta: [35, 39],
  dim: [2, 22],
  bold: [1, 22],
};

export type Colorize = (style: Style, text: string) => string;

export const noColor: Colorize = (_s, t) => t;

export function colorizer(enabled: boolean): Colorize {
  if (!enabled) return noColor;
  return (style, text) => `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m`;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Printable width (ANSI codes stripped). */
export function visibleLength(s: string): number {
  return [...s.replace(ANSI, "")].length;
}

/** An aligned table like `kubectl get`: upper-case headers, columns separated by 3 spaces. */
export function table(headers: string[], rows: string[][], opts: { indent?: number } = {}): string {
  const widths = headers.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ""))));
  const pad = " ".repeat(opts.indent ?? 0);
  const line = (cells: string[]) =>
    pad +
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + " ".repeat(widths[i]! - visibleLength(c))))
      .join("   ")
      .trimEnd();
  return [line(headers.map((h) => h.toUpperCase())), ...rows.map(line)].join("\n");
}

/** Wraps text at `width` columns, indenting continuation lines. */
export function wrap(text: string, width: number, indent = ""): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let cur = "";
  for (const w of words) {
    if (cur && visibleLength(cur) + 1 + visibleLength(w) > width) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines.map((l, i) => (i === 0 ? l : indent + l)).join("\n");
}

export function severityStyle(s: "critical" | "warning" | "info" | "error"): Style {
  return s === "critical" || s === "error" ? "red" : s === "warning" ? "yellow" : "cyan";
}

/** A section heading. */
export function heading(c: Colorize, text: string): string {
  return c("bold", text);
}
