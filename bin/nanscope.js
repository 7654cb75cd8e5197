#!/usr/bin/env node
'use strict';
// The CLI entry: the compiled TypeScript lives in out/ (npm run build).
require('../out/server/src/cli/main.js').run(process.argv.slice(2));
