/**
 * The optional native UDP path (native/gslb_udp.c): the server's UDP socket read with recvmmsg and
 * written with sendmmsg, batches of up to {@link BATCH} datagrams per system call and one JS call
 * per batch, on the main event loop (no threads). Node's dgram costs a recvmsg, a sendmsg, a
 * libuv callback and a JS call with a new rinfo object per datagram, which caps a do-nothing echo
 * below 100k QPS; this path is the way past that on Linux.
 *
 * The addon is built by `npm install`/`npm ci` when it can be (native/build.mjs); when it is not
 * there or does not load, {@link loadNativeUdp} says why and the listeners use dgram.
 * @module
 */
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Datagrams per recvmmsg/sendmmsg. */
export const BATCH = 64;
/** Largest query read (bytes); a larger datagram is cut by the kernel, and dropped and counted. */
export const IN_SLOT = 4096;
/** Room for one answer: maxUdpPayload is at most 4096, so every UDP answer fits. */
export const OUT_SLOT = 4096;

export interface NativeUdpStats {
  packets: number;
  batches: number;
  sent: number;
  sendErrors: number;
  sendDropped: number;
  truncated: number;
  recvErrors: number;
}

interface Opened {
  handle: unknown;
  arena: ArrayBuffer;
  port: number;
  family: 4 | 6;
}

interface Binding {
  open(host: string, port: number, batch: number, inSlot: number, outSlot: number, bufferBytes: number, onBatch: (n: number) => void): Opened;
  close(handle: unknown): void;
  stats(handle: unknown): NativeUdpStats;
  META_INTS: number;
  TEXT_BYTES: number;
}

/** Where `npm install` puts the addon: native/ at the package root (two levels above src/gslb or dist/gslb). */
export const ADDON_PATH = fileURLToPath(new URL("../../../native/build/Release/gslb_udp.node", import.meta.url));
const STATUS_PATH = fileURLToPath(new URL("../../../native/build/status.json", import.meta.url));

const loaded = new Map<string, { binding?: Binding; reason: string }>();

/** Loads the addon once per path; `reason` says why it is not available (or "loaded"). */
export function loadNativeUdp(path = ADDON_PATH): { binding?: Binding; reason: string } {
  let r = loaded.get(path);
  if (r === undefined) loaded.set(path, (r = load(path)));
  return r;
}

function load(path: string): { binding?: Binding; reason: string } {
  if (process.platform !== "linux") return { reason: `the native UDP addon is Linux-only (this is ${process.platform})` };
  if (!existsSync(path)) {
    let why = "";
    try {
      const s = JSON.parse(readFileSync(STATUS_PATH, "utf8")) as { ok?: boolean; detail?: string };
      if (path === ADDON_PATH && s.ok === false && s.detail) why = `: ${s.detail}`;
    } catch {
      // no build was attempted
    }
    return { reason: `the native UDP addon is not built${why} (${path} is missing; npm run build:native builds it)` };
  }
  try {
    const binding = createRequire(import.meta.url)(path) as Binding;
    if (typeof binding.open !== "function" || binding.META_INTS !== 8) return { reason: `${path} is not the expected addon (npm run build:native rebuilds it)` };
    return { binding, reason: "loaded" };
  } catch (e) {
    return { reason: `the native UDP addon does not load (${(e as Error).message.split("\n")[0]}); npm run build:native rebuilds it` };
  }
}

/** Answers one datagram: the response bytes, or undefined to send nothing. */
export type DatagramHandler = (msg: Buffer, client: string, port: number) => Buffer | undefined;

/** One UDP socket served through the addon. */
export class NativeUdpSocket {
  readonly port: number;
  /** Datagrams dropped here: cut by the kernel (too large) or with an answer too large for a slot. */
  dropped = 0;
  private readonly handle: unknown;
  private closed = false;
  private readonly v4Names = new Map<number, string>();

  private constructor(private readonly binding: Binding, opened: Opened) {
    this.handle = opened.handle;
    this.port = opened.port;
  }

  /** Binds host:port (an IP literal) and starts serving; throws with `code` (EADDRINUSE, ...) on failure. */
  static open(binding: Binding, host: string, port: number, bufferBytes: number, handler: DatagramHandler): NativeUdpSocket {
    const META = binding.META_INTS;
    const TEXT = binding.TEXT_BYTES;
    let input: Buffer;
    let output: Buffer;
    let meta: Int32Array;
    let text: Buffer;
    let self: NativeUdpSocket | undefined;
    const onBatch = (n: number): void => {
      const names = self!.v4Names;
      for (let i = 0; i < n; i++) {
        const m = i * META;
        const len = meta[m]!;
        if (len < 0) {
          self!.dropped++;
          continue;
        }
        const at = i * IN_SLOT;
        let client: string;
        if (meta[m + 2] === 4) {
          const a = meta[m + 3]!;
          let name = names.get(a);
          if (name === undefined) {
            name = `${a >>> 24}.${(a >>> 16) & 0xff}.${(a >>> 8) & 0xff}.${a & 0xff}`;
            if (names.size >= 65_536) names.clear();
            names.set(a, name);
          }
          client = name;
        } else {
          client = text.toString("latin1", i * TEXT, i * TEXT + meta[m + 5]!);
        }
        const res = handler(input.subarray(at, at + len), client, meta[m + 1]!);
        if (res === undefined) continue;
        if (res.length > OUT_SLOT) {
          self!.dropped++;
          continue;
        }
        output.set(res, i * OUT_SLOT);
        meta[m + 4] = res.length;
      }
    };
    const opened = binding.open(host, port, BATCH, IN_SLOT, OUT_SLOT, bufferBytes, onBatch);
    input = Buffer.from(opened.arena, 0, BATCH * IN_SLOT);
    output = Buffer.from(opened.arena, BATCH * IN_SLOT, BATCH * OUT_SLOT);
    meta = new Int32Array(opened.arena, BATCH * (IN_SLOT + OUT_SLOT), BATCH * META);
    text = Buffer.from(opened.arena, BATCH * (IN_SLOT + OUT_SLOT + META * 4), BATCH * TEXT);
    self = new NativeUdpSocket(binding, opened);
    return self;
  }

  stats(): NativeUdpStats {
    return this.binding.stats(this.handle);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.binding.close(this.handle);
  }
}
