// The server's idle collection (server/src/lsp/memory.ts): after a burst that grew the heap, one
// second without work returns the garbage; without growth, nothing is collected.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdleCollector } from '../src/lsp/memory';

const idle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('a burst that grew the heap is collected once the server is idle', async () => {
  const collector = new IdleCollector();
  try {
    // A burst: 100 MB of short-lived garbage, as analyzing hundreds of files leaves behind.
    let keep: number[][] | undefined = [];
    for (let i = 0; i < 100; i++) keep.push(new Array(128 * 1024).fill(i));
    collector.noteWork();
    keep = undefined;
    const before = process.memoryUsage().heapUsed;
    await idle(1500);
    assert.equal(collector.collections, 1);
    assert.ok(process.memoryUsage().heapUsed < before - 50 * 1024 * 1024, 'the garbage is gone');
    // Nothing grew since: more idle time collects nothing.
    collector.noteWork();
    await idle(1500);
    assert.equal(collector.collections, 1);
  } finally {
    collector.dispose();
  }
});
