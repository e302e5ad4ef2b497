import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { filesUnder, readRepoFile, ROOT } from '../docs/repo-files';

const read = readRepoFile;
const pkg = JSON.parse(read('package.json')) as {
  dependencies: Record<string, string>;
  scripts: Record<string, string>;
};

/** Packages the deployed code loads: value imports and requires (type-only imports vanish when compiled). */
function packagesLoaded(): Set<string> {
  const found = new Set<string>();
  const pattern =
    /(?:^|\n)\s*(?:import|export)(?!\s+type\b)[^;'"]*?\sfrom\s+'([^'.][^']*)'|require\('([^'.][^']*)'\)|import\('([^'.][^']*)'\)/g;
  for (const file of ['src', 'dashboard', 'handlers', 'queues'].flatMap((d) => filesUnder(d))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(pattern)) {
      const specifier = (m[1] ?? m[2] ?? m[3])!;
      const name = specifier.startsWith('@')
        ? specifier.split('/').slice(0, 2).join('/')
        : specifier.split('/')[0]!;
      if (!name.startsWith('node:') && !builtinModules.includes(name)) found.add(name);
    }
  }
  return found;
}

describe("the deployment's packages (Dockerfile, npm run prune:production)", () => {
  const listed = execFileSync(process.execPath, [path.join(ROOT, 'scripts/runtime-packages.cjs')], {
    encoding: 'utf8',
  })
    .trim()
    .split(' ');
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version: string }> };

  it('keeps every package the compiled code loads: a dependency, or installed back after the prune', () => {
    const kept = new Set([
      ...Object.keys(pkg.dependencies),
      ...listed.map((p) => p.slice(0, p.lastIndexOf('@'))),
    ]);
    const loaded = packagesLoaded();
    expect(loaded.has('zod') && loaded.has('express')).toBe(true); // the scan sees the imports
    // tsx loads TypeScript app modules; the image runs compiled JavaScript
    expect([...loaded].filter((name) => !kept.has(name) && name !== 'tsx').sort()).toEqual([]);
  });

  it("installs them at package-lock.json's versions", () => {
    for (const entry of listed) {
      const at = entry.lastIndexOf('@');
      expect(entry).toBe(
        `${entry.slice(0, at)}@${lock.packages[`node_modules/${entry.slice(0, at)}`]!.version}`,
      );
    }
  });

  it('the image builds with them: the build stage runs prune:production, which installs the list back', () => {
    expect(read('Dockerfile')).toMatch(/^RUN npm run build && npm run prune:production$/m);
    const runs = read('Dockerfile')
      .split('\n')
      .filter((line) => line.startsWith('RUN '));
    expect(runs.filter((line) => line.includes('npm prune'))).toEqual([]); // a bare prune leaves no zod
    expect(pkg.scripts['prune:production']).toMatch(
      /^npm prune --omit=dev .*&& npm install --no-save --save-prod --omit=dev .*\$\(node scripts\/runtime-packages\.cjs\)$/,
    );
  });
});
