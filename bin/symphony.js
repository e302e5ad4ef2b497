#!/usr/bin/env node
'use strict';
// The `symphony` command. An installed package (no src/ shipped) runs the compiled CLI; a source
// checkout runs the TypeScript sources through tsx, so `npx symphony …` needs no build step and
// never runs a stale dist/.
const fs = require('node:fs');
const path = require('node:path');

const sources = path.join(__dirname, '..', 'src', 'cli', 'main.ts');

function loadCli() {
  if (!fs.existsSync(sources)) return require(path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js'));
  require('tsx/cjs/api').register();
  return require(sources);
}

// Same exit handling as src/cli/main.ts run directly.
const cli = loadCli();
void cli.main().then(cli.exitWhenFlushed);
