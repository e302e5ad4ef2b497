#!/usr/bin/env node
'use strict';
// The `symphony` command. A built package runs the compiled CLI; a source checkout (no dist/) runs
// the TypeScript sources through tsx, so `npx symphony …` needs no build step.
const fs = require('node:fs');
const path = require('node:path');

const built = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');

function loadCli() {
  if (fs.existsSync(built)) return require(built);
  require('tsx/cjs/api').register();
  return require(path.join(__dirname, '..', 'src', 'cli', 'main.ts'));
}

// Same exit handling as src/cli/main.ts run directly.
const cli = loadCli();
void cli.main().then(cli.exitWhenFlushed);
