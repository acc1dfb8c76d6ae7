'use strict';
// Preloaded (NODE_OPTIONS=--require) into every node process of a benchmarked command: appends the
// process's peak resident set size, in KiB, to BENCH_RSS_FILE when it exits.
const fs = require('fs');

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE)
    fs.appendFileSync(process.env.BENCH_RSS_FILE, `${process.pid} ${process.resourceUsage().maxRSS}\n`);
});
