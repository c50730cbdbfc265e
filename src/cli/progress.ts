/** Progress on stderr for long runs (drill sweeps), only on a terminal. @module */
import type { Io } from "./io.js";

/** A progress bar on stderr, only on a terminal, redrawn at most ten times a second. */
export function progressBar(io: Io, label = "drill"): { update: (done: number, total: number) => void; done: () => void } | undefined {
  if (!io.stderr.isTTY) return undefined;
  let last = 0;
  let shown = false;
  return {
    update: (done, total) => {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      shown = true;
      const w = 30;
      const filled = Math.round((done / Math.max(total, 1)) * w);
      io.stderr.write(`\r  ${label} [${"#".repeat(filled)}${"-".repeat(w - filled)}] ${done}/${total} scenarios`);
    },
    done: () => {
      if (shown) io.stderr.write("\r\u001b[2K");
    },
  };
}

