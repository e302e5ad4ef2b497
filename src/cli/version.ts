import fs from 'node:fs';
import path from 'node:path';

/**
 * This package's version, read from its package.json: two levels up from the sources
 * (src/cli/), three from the compiled CLI (dist/src/cli/), four from a checkout's CLI bundle
 * (node_modules/.cache/symphony-messenger/cli/).
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from, up = 0; up < 5; dir = path.dirname(dir), up++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'symphony-messenger' && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level
    }
  }
  return 'unknown';
}
