#!/usr/bin/env node
'use strict';
// The `symphony` command. An installed package (no src/ shipped) runs the compiled CLI; a source
// checkout runs its CLI bundle or the TypeScript sources (bin/source-checkout.js), so `npx symphony …`
// and `npm run symphony` need no build step and never run a stale dist/.
const fs = require('node:fs');
const path = require('node:path');

if (fs.existsSync(path.join(__dirname, '..', 'src', 'cli', 'main.ts'))) {
  require('./source-checkout.js').run(process.argv.slice(2));
} else {
  // Same exit handling as src/cli/main.ts run directly.
  const cli = require(path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js'));
  void cli.main().then(cli.exitWhenFlushed);
}
