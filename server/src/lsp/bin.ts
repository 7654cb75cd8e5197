// The bundle entry (dist/server.js): the VS Code client starts it with `--node-ipc`.
import * as nodeModule from 'node:module';
import { main } from './main';

// Node 22+ caches the compiled bundle (TypeScript is most of it): about 50 ms off every start.
// The function is absent from Node 20's types and runtime, hence the optional call.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

main();
