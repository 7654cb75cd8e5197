// Giving memory back after a burst of analyses (opening a workspace of 500 files). V8 grows its
// heap to the burst's garbage and keeps it; a full collection once the server is idle returns it
// (measured in one process with the 500 files open: heap 176 → 60 MB committed, RSS 255 → 139 MB).
// A collection when idle, only after the heap grew, never during work.

import { Session } from 'node:inspector';

/** Collect when the heap grew by this much since the last collection. */
const GROWTH_BYTES = 64 * 1024 * 1024;
/** ... and nothing was analyzed for this long. */
const IDLE_MS = 1000;

let session: Session | null | undefined;

/**
 * A full collection through the in-process inspector (`HeapProfiler.collectGarbage`: no port is
 * opened, no flag needed), or `global.gc` when node runs with `--expose-gc`. False if neither.
 */
function collectGarbage(): boolean {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') {
    exposed();
    return true;
  }
  if (session === undefined) {
    try {
      session = new Session();
      session.connect();
    } catch {
      session = null;
    }
  }
  if (!session) return false;
  // In-process sessions answer synchronously.
  session.post('HeapProfiler.collectGarbage');
  return true;
}

export class IdleCollector {
  private timer: NodeJS.Timeout | undefined;
  private baseline = process.memoryUsage().heapUsed;
  /** Collections made (for tests and logs). */
  collections = 0;

  /** Called after each analysis: (re)arms the idle timer. */
  noteWork(): void {
    if (this.timer) this.timer.refresh();
    else {
      this.timer = setTimeout(() => this.idle(), IDLE_MS);
      this.timer.unref();
    }
  }

  private idle(): void {
    this.timer = undefined;
    if (process.memoryUsage().heapUsed - this.baseline < GROWTH_BYTES) return;
    // Twice: the second collection finds the heap the first one emptied and shrinks it
    // (measured: heap 100 → 60 MB committed, RSS 179 → 139 MB).
    if (!collectGarbage() || !collectGarbage()) return;
    this.collections++;
    this.baseline = process.memoryUsage().heapUsed;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
