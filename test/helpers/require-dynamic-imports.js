'use strict';
/* global module, require */
// Jest transform for PGlite's CommonJS build: it loads Node built-ins with `await import("fs")`,
// which Jest's module sandbox rejects without --experimental-vm-modules. A plain require of the
// same built-in is equivalent in CommonJS. The module's own `require` is captured under another
// name first, since PGlite declares a local `var require` of its own.
// Only applied to @electric-sql/pglite (see jest.config.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a Jest transformer is CommonJS
const { createHash } = require('node:crypto');

const STRICT = '"use strict";';

module.exports = {
  process(source) {
    const body = source.replace(/\bimport\(("[^"]+")\)/g, 'Promise.resolve(__outerRequire($1))');
    const code = body.startsWith(STRICT)
      ? `${STRICT}const __outerRequire = require;${body.slice(STRICT.length)}`
      : `const __outerRequire = require;${body}`;
    return { code };
  },
  getCacheKey(source, filename) {
    return createHash('sha1').update('v2').update(filename).update(source).digest('hex');
  },
};
