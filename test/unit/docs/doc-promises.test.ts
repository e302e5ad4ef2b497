import fs from 'node:fs';
import path from 'node:path';
import { defaultConfig } from '../../../src/config/config';
import { chooseStore } from '../../../src/transport/default-store';
import { filesUnder, readRepoFile, ROOT } from './repo-files';

const read = readRepoFile;
const docs = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).map((f) => `docs/${f}`)].filter((f) =>
  f.endsWith('.md'),
);

describe('what the docs promise about the admin UI and the image', () => {
  it('every doc that mentions the admin UI links its guide', () => {
    const unlinked = docs.filter(
      (doc) =>
        doc !== 'docs/admin-ui.md' && /admin UI/i.test(read(doc)) && !read(doc).includes('admin-ui.md'),
    );
    expect(unlinked).toEqual([]);
  });

  it('every /admin/… page the docs name is a route of the admin UI (dashboard/)', () => {
    const dashboard = filesUnder('dashboard')
      .map((file) => fs.readFileSync(file, 'utf8'))
      .join('\n');
    const pages = new Set(
      docs.flatMap((doc) => [...read(doc).matchAll(/`\/admin\/([a-z-]+)/g)].map((m) => m[1]!)),
    );
    expect(pages.size).toBeGreaterThanOrEqual(4); // failed, messages, queues (Bull Board), login
    expect(
      [...pages].filter(
        (page) => !dashboard.includes(`'/${page}`) && !dashboard.includes(`'/admin/${page}'`),
      ),
    ).toEqual([]);
  });

  it('the image promises no embedded-store fallback, and production indeed guesses none', async () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production$/m);
    expect(dockerfile).toContain('never the embedded');
    const production = defaultConfig({ environment: 'production', defaultDsnConfigured: false });
    const choice = await chooseStore(production, async () => false); // and no Redis answers
    expect(choice).toEqual({ config: production });
  });
});
