// The real language server over stdio, with the scripted analyzer (see lsp-fake-analyzer.ts).
// Started by the protocol tests as `node lsp-fake-server.js --stdio [--no-probe]`; without
// `--stdio` (when a test runner that runs every file under test/ picks it up) it does nothing.
import { main } from '../src/lsp/stdio';
import { fakeAnalyzer } from './lsp-fake-analyzer';

if (process.argv.includes('--stdio')) {
  main({ analyzer: fakeAnalyzer, ...(process.argv.includes('--no-probe') ? { loadProbeRunner: () => null } : {}) });
}
