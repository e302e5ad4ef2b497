import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, type Snippet } from './extract-snippets';

/**
 * The docs show code as it would sit in this repository: `scripts/x.ts` importing `../src` and
 * `../queues`, `queues/schedules.ts` importing `./messages`. A project mirrors the repository in a
 * temp directory (links to src/ and node_modules/, copies of the app's queues/ and handlers/, which
 * snippets add files to), so snippets are real modules next to what they import, and the repository
 * itself is never written to.
 */
const LINKED = ['src', 'dashboard', 'examples', 'bin', 'node_modules', 'package.json', 'tsconfig.json'];
const COPIED = ['queues', 'handlers', 'symphony.config.ts'];

/** Docs whose snippets form a project of their own rather than additions to this repository. */
const OWN_PROJECTS: Record<string, string> = { 'docs/nextjs.md': 'nextjs-app' };

export interface PlacedSnippet {
  snippet: Snippet;
  /** Absolute path of its file in the project. */
  file: string;
}

export function createProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-doc-snippets-'));
  for (const entry of LINKED) fs.symlinkSync(path.join(ROOT, entry), path.join(dir, entry));
  for (const entry of COPIED) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  fs.mkdirSync(path.join(dir, 'scripts'));
  return dir;
}

export function removeProject(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true }); // removes the links, not what they point to
}

/**
 * Writes each snippet where it says it lives (its `// path.ts` first line; else `scripts/`). A path
 * the repository already has (`queues/queues.ts`) or another snippet took gets a file of its own in
 * the same directory, so its imports resolve as they would there and nothing of the app is replaced.
 */
export function placeSnippets(project: string, snippets: readonly Snippet[]): PlacedSnippet[] {
  const taken = new Set<string>();
  return snippets.map((snippet) => {
    const root = path.join(project, OWN_PROJECTS[snippet.doc] ?? '');
    const slug = `${snippet.doc.replace(/^docs\//, '').replace(/\.md$/, '')}-${snippet.index}`;
    let file = path.join(root, snippet.declaredPath ?? `scripts/${slug}.ts`);
    if (taken.has(file) || fs.existsSync(file)) file = file.replace(/(\.test)?\.tsx?$/, `.${slug}$&`);
    taken.add(file);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, snippet.code);
    return { snippet, file };
  });
}
