import fs from 'node:fs';
import path from 'node:path';

export interface PackageRoot {
  dir: string;
  version: string;
}

/**
 * This package's root and version, from the nearest package.json named symphony-messenger above
 * `from`: two levels up from the sources (src/cli/), three from the compiled code (dist/src/cli/),
 * four from a checkout's CLI bundle (node_modules/.cache/symphony-messenger/cli/).
 */
export function packageRoot(from: string = __dirname): PackageRoot | undefined {
  for (let dir = from, up = 0; up < 5; dir = path.dirname(dir), up++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'symphony-messenger' && pkg.version) return { dir, version: pkg.version };
    } catch {
      // no package.json at this level
    }
  }
  return undefined;
}
