/** Process bootstrap shared by the `hactl` and `kubectl-ha` binaries. @module */
import { processIo } from "./io.js";
import { main } from "./main.js";

export function run(programName: string): void {
  // A closed pipe (`hactl ... | head`) is the reader's choice, not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  main(process.argv.slice(2), processIo(), programName).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`internal error: ${(e as Error)?.message ?? String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
