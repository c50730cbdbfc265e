/** `hactl rules`: the availability rules hactl check runs. @module */
import { Option, type Command } from "commander";
import { UsageError, suggest } from "../model/diagnostics.js";
import { table } from "../report/text.js";
import { EXIT, stdoutColor, type Io } from "./io.js";
import { colorOption, resolveFormat, writeData } from "./shared.js";

interface RulesOptions {
  output?: "table" | "json" | "yaml";
  category?: string;
  color?: boolean;
}

export function registerRules(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command("rules")
    .summary("list the availability rules of hactl check")
    .description("List every rule hactl check runs: id, category, default severity, scope (objects or fleet), whether it is opt-in, and its title. JSON output adds the rationale, the kinds it looks at, the docs URL and the options with their JSON Schema and defaults.")
    .addHelpText("after", "\nExamples:\n  hactl rules\n  hactl rules --category disruption\n  hactl rules -o json\n  hactl explain pdb-blocks-drain\n");
  cmd.addOption(new Option("-o, --output <format>", "output format (default: table on a terminal, json otherwise)").choices(["table", "json", "yaml"]));
  cmd.option("--category <name>", "only rules of this category");
  colorOption(cmd);
  cmd.action(async (opts: RulesOptions) => {
    const { RULES, CATEGORIES } = await import("../check/index.js");
    const z = await import("zod");
    if (opts.category && !(CATEGORIES as readonly string[]).includes(opts.category)) {
      throw new UsageError(`--category ${opts.category}: no such category`, suggest(opts.category, CATEGORIES, "category"));
    }
    const rules = RULES.filter((r) => !opts.category || r.category === opts.category).sort(
      (a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) || a.id.localeCompare(b.id),
    );
    const format = resolveFormat(io, opts.output);
    if (format === "table") {
      const c = stdoutColor(io, opts.color);
      io.stdout.write(
        `${table(
          ["id", "category", "severity", "scope", "title"],
          rules.map((r) => [r.id, r.category, r.severity, r.scope + (r.optIn ? " (opt-in)" : ""), r.title]),
        )}\n\n${c("dim", `${rules.length} rules · details: hactl explain <id> · configure in .hactl.yaml`)}\n`,
      );
    } else {
      writeData(
        io,
        format,
        rules.map((r) => ({
          id: r.id,
          title: r.title,
          category: r.category,
          severity: r.severity,
          scope: r.scope,
          optIn: r.optIn,
          appliesTo: r.appliesTo,
          rationale: r.rationale,
          docsUrl: r.docsUrl,
          options: r.options ? z.toJSONSchema(r.options, { io: "input" }) : undefined,
          defaults: r.defaults,
        })),
      );
    }
    setExit(EXIT.ok);
  });
}
