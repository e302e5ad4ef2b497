import fs from 'node:fs';
import path from 'node:path';
import { filesUnder, readRepoFile, ROOT } from './repo-files';

const read = readRepoFile;

/** Every file path (`src/…`, `bullmq-worker.ts`) in backticks in a doc. */
function namedPaths(doc: string): string[] {
  return [...read(doc).matchAll(/`([\w./-]+)`/g)]
    .map((m) => m[1]!)
    .filter((p) => /^(src|dashboard|queues|handlers|bench|scripts|docs)\//.test(p) || /^[\w-]+\.ts$/.test(p));
}

describe('the guides say what the code and the measurements say', () => {
  it('docs/architecture.md names only files and directories that exist', () => {
    const names = new Set(
      ['src', 'dashboard'].flatMap((dir) => filesUnder(dir).map((f) => path.basename(f))),
    );
    const paths = namedPaths('docs/architecture.md');
    expect(paths.length).toBeGreaterThan(30);
    const missing = paths.filter((p) =>
      p.includes('/') ? !fs.existsSync(path.join(ROOT, p)) : !names.has(p),
    );
    expect(missing).toEqual([]);
  });

  it("docs/tuning.md quotes only figures measured elsewhere (bench/README.md and the docs' measurement sections)", () => {
    const sources = [
      'bench/README.md',
      'docs/postgres.md',
      'docs/reliability.md',
      'docs/migration.md',
      'docs/operations.md',
    ]
      .map(read)
      .join('\n');
    // rates and counts (thousands separators), and times with their unit; ratios worked out in the text are not quoted
    const figures = [
      ...read('docs/tuning.md').matchAll(/\b\d{1,3}(?:,\d{3})+\b|\b\d+\.\d+(?= (?:µs|s)\b)/g),
    ].map((m) => m[0]);
    expect(figures.length).toBeGreaterThan(20);
    expect([...new Set(figures)].filter((figure) => !sources.includes(figure))).toEqual([]);
  });
});

test("README's documentation list links the guides", () => {
  const list = read('README.md').split('## Documentation')[1]!.split('\n## ')[0]!;
  for (const guide of ['architecture', 'best-practices', 'tuning', 'troubleshooting'])
    expect(list).toContain(`(docs/${guide}.md)`);
});
