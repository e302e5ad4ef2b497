import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../../..');

/** A fenced TypeScript block of a Markdown file. */
export interface Snippet {
  /** The Markdown file, relative to the repository root. */
  doc: string;
  /** 1 for the file's first TypeScript block, and so on. */
  index: number;
  /** Line of the block's first code line in the Markdown file (1-based). */
  line: number;
  /** The code, without the indentation of its fence (blocks inside list items). */
  code: string;
  /** Where the block says it lives: its first line `// path/file.ts` (or `// e.g. path/file.ts`). */
  declaredPath?: string;
  /** `<!-- snippet: fragment -->` on the line before the fence: not a module, not compiled. */
  fragment: boolean;
}

const OPENING = /^(\s*)```(?:ts|typescript)\s*$/;
const MARKER = /^\s*<!--\s*snippet:\s*([\w-]+)/;
const DECLARED_PATH = /^\/\/\s*(?:e\.g\.\s+)?([\w@./[\]-]+\.tsx?)\b/;

/** The Markdown files whose snippets are checked: the README and every guide. */
export function documentedFiles(): string[] {
  const docs = fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

export function extractSnippets(
  doc: string,
  text = fs.readFileSync(path.join(ROOT, doc), 'utf8'),
): Snippet[] {
  const lines = text.split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPENING.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!;
    const end = lines.findIndex((l, j) => j > i && l.trim() === '```');
    if (end < 0) throw new Error(`${doc}:${i + 1}: a TypeScript block that is never closed`);
    const code = lines
      .slice(i + 1, end)
      .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
      .join('\n');
    snippets.push({
      doc,
      index: snippets.length + 1,
      line: i + 2,
      code: `${code}\n`,
      declaredPath: DECLARED_PATH.exec(code)?.[1],
      fragment: markerBefore(doc, lines, i) === 'fragment',
    });
    i = end;
  }
  return snippets;
}

/** The marker on the last non-blank line before the fence; an unknown one is a typo, not a skip. */
function markerBefore(doc: string, lines: string[], fence: number): string | undefined {
  let j = fence - 1;
  while (j >= 0 && lines[j]!.trim() === '') j--;
  const marker = MARKER.exec(lines[j] ?? '')?.[1];
  if (marker !== undefined && marker !== 'fragment') {
    throw new Error(`${doc}:${j + 1}: unknown snippet marker "${marker}" (the only one is "fragment")`);
  }
  return marker;
}
