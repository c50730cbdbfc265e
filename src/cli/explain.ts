/** `hactl explain <rule-id>`: a rule's documentation page. @module */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { UsageError, closest } from "../model/diagnostics.js";
import { EXIT, stdoutColor, type Io } from "./io.js";
import { colorOption } from "./shared.js";

/** docs/rules/ of the installed package: ../../docs/rules from dist/cli (and from src/cli in tests). */
export const RULE_DOCS_DIR = fileURLToPath(new URL("../../docs/rules/", import.meta.url));

export function registerExplain(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command("explain")
    .summary("print the documentation of a check rule (why, ❌/✅ examples, fix, options)")
    .description("Print the documentation page of one hactl check rule: why it matters for availability, what exactly it checks, an incorrect and a correct example, the fix, its options and how to suppress it.")
    .argument("<rule-id>", "the rule id, as shown by hactl check and hactl rules")
    .addHelpText("after", "\nExamples:\n  hactl explain pdb-blocks-drain\n  hactl rules   # every rule id\n");
  colorOption(cmd);
  cmd.action(async (id: string, opts: { color?: boolean }) => {
    const { RULES } = await import("../check/index.js");
    const rule = RULES.find((r) => r.id === id);
    if (!rule) {
      const near = closest(id, RULES.map((r) => r.id));
      throw new UsageError(`no rule "${id}"`, near ? `did you mean "${near}"? (hactl explain ${near})` : "run `hactl rules` for the list of rule ids");
    }
    const file = `${RULE_DOCS_DIR}${rule.id}.md`;
    const c = stdoutColor(io, opts.color);
    if (!existsSync(file)) {
      // The docs ship with the package; without them, still explain from the metadata.
      io.stdout.write(`${c("bold", `${rule.id}: ${rule.title}`)}\ncategory ${rule.category} · default severity ${rule.severity}\n\n${rule.rationale}\n\n${rule.docsUrl}\n`);
      return setExit(EXIT.ok);
    }
    const page = readFileSync(file, "utf8");
    io.stdout.write(page.split("\n").map((l) => (/^#{1,6} /.test(l) ? c("bold", l) : l)).join("\n"));
    if (!page.endsWith("\n")) io.stdout.write("\n");
    setExit(EXIT.ok);
  });
}
