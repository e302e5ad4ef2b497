import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');

/** A file of the repository, by its path from the root. */
export const readRepoFile = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** Every file below a directory of the repository whose name ends so (default: TypeScript sources). */
export function filesUnder(dir: string, ending = '.ts'): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(file, ending);
    return entry.name.endsWith(ending) && !entry.name.endsWith('.d.ts') ? [path.join(ROOT, file)] : [];
  });
}
