import fs from 'node:fs';
import path from 'node:path';
import { brokenReason, relativeLinks, ROOT } from './markdown';

const docs = [
  'README.md',
  ...fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('links between the docs', () => {
  it('every relative link of README.md and docs/ reaches a file, and a heading when it names one', () => {
    const links = docs.flatMap(relativeLinks);
    expect(links.length).toBeGreaterThan(100);
    const broken = links.flatMap((link) => {
      const reason = brokenReason(link);
      return reason ? [`${link.from}: ${link.target} (${reason})`] : [];
    });
    expect(broken).toEqual([]);
  });
});
