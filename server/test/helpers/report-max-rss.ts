// Preloaded into a child process (`node --require <this file>`): when the process exits, its peak
// resident set size (KiB, as process.resourceUsage reports it) and its own running time are written
// as JSON to the file named by NANSCOPE_MAX_RSS_FILE. The process runs unchanged otherwise (the real
// `bin/nanscope.js`), and nothing here depends on /usr/bin/time being installed. The time is the
// child's, not the parent's view of it (a parent busy with its own work notices an exit late).

import * as fs from 'node:fs';

const target = process.env['NANSCOPE_MAX_RSS_FILE'];
if (target) {
  process.on('exit', () => {
    try {
      fs.writeFileSync(target, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, ms: process.uptime() * 1000 }));
    } catch {
      // The test reports the missing number; the child's own exit must not change.
    }
  });
}
