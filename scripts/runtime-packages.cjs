/* global require, console, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- plain Node: it runs after the dev tools are pruned */
// Prints `name@version …` for what this repository's own deployment runs besides its dependencies: the
// package's peers (zod, the HTTP API and admin UI, metrics, the embedded store, traces, pretty logs) and
// the example handlers' nodemailer, at the versions of package-lock.json. They are dev dependencies here,
// so `npm prune --omit=dev` drops them; `npm run prune:production` installs them back. Not tsx: a
// deployment runs compiled JavaScript.
const path = require('node:path');

const root = path.join(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const lock = require(path.join(root, 'package-lock.json'));

const names = [...Object.keys(pkg.peerDependencies ?? {}).filter((name) => name !== 'tsx'), 'nodemailer'];
console.log(names.map((name) => `${name}@${lock.packages[`node_modules/${name}`].version}`).join(' '));
