/** `hactl schema`: the Fleet JSON Schema, for editors and CI validation. @module */
import type { Command } from "commander";
import { EXIT, type Io } from "./io.js";
import { outputOption, writeData } from "./shared.js";

export function registerSchema(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command("schema")
    .summary("print the Fleet JSON Schema (for editors: yaml-language-server)")
    .description(
      "Print the JSON Schema (draft 2020-12) of the Fleet document. It is generated from the same schema " +
        "hactl validates with, so editors complete and check exactly what hactl accepts.",
    )
    .addHelpText(
      "after",
      "\nPoint yaml-language-server at it with a modeline on the first line of a fleet file:\n" +
        "  # yaml-language-server: $schema=./fleet.schema.json\n\nExamples:\n  hactl schema > fleet.schema.json\n  hactl schema -o yaml\n",
    );
  outputOption(cmd, ["json", "yaml"], "json");
  cmd.action(async (opts: { output?: string }) => {
    const { fleetJsonSchema } = await import("../model/schema/fleet.js");
    writeData(io, (opts.output as "json" | "yaml" | undefined) ?? "json", fleetJsonSchema());
    setExit(EXIT.ok);
  });
}
