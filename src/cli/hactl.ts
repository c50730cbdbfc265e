#!/usr/bin/env node
/** The `hactl` binary. @module */
import { run } from "./run.js";

run("hactl");
