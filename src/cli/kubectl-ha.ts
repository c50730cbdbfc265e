#!/usr/bin/env node
/** The `kubectl-ha` binary: kubectl finds it on the PATH, so `kubectl ha <verb>` runs hactl as a plugin. @module */
import { run } from "./run.js";

run("kubectl ha");
