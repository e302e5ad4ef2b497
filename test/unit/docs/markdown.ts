import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './repo-files';

export { ROOT };

/** GitHub's anchors for a Markdown file's headings: lower case, punctuation dropped, spaces to dashes. */
export function headingAnchors(file: string): Set<string> {
  const text = fs.readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of text.matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = heading!
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(`#${count === 0 ? slug : `${slug}-${count}`}`);
  }
  return anchors;
}

export interface MarkdownLink {
  /** The file the link is in, relative to the repository root. */
  from: string;
  target: string;
}

/** The relative links of a Markdown file (not those inside code blocks or to other sites). */
export function relativeLinks(file: string): MarkdownLink[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target))
    .map((target) => ({ from: file, target }));
}

/** Why a relative link is broken, or undefined when its file (and heading, if any) exists. */
export function brokenReason({ from, target }: MarkdownLink): string | undefined {
  const [file, anchor] = target.split('#') as [string, string | undefined];
  const resolved = file ? path.resolve(ROOT, path.dirname(from), file) : path.join(ROOT, from);
  if (!fs.existsSync(resolved)) return 'no such file';
  if (anchor === undefined || !resolved.endsWith('.md')) return undefined;
  return headingAnchors(resolved).has(`#${anchor}`) ? undefined : `no heading #${anchor}`;
}
