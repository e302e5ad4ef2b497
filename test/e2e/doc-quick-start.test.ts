import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import app from '../../queues';
import { closeTestBuses, redisUrl, testBus, uniquePrefix } from '../helpers/bus';
import { freePort } from '../helpers/servers';
import { extractSnippets, type Snippet } from '../unit/docs/snippets/extract-snippets';
import { createProject, removeProject } from '../unit/docs/snippets/snippet-project';

/** The block of `doc` that says it is `file` (its `// file` first line). */
function snippetFor(doc: string, file: string): Snippet {
  const found = extractSnippets(doc).find((s) => s.declaredPath === file);
  if (!found) throw new Error(`${doc} has no TypeScript block starting with "// ${file}"`);
  return found;
}

/** An edit the README asks for in prose: import the new thing, and put it first in the file's list. */
function addToList(file: string, importLine: string, listOpening: string, entry: string): void {
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(listOpening))
    throw new Error(`${file} no longer contains "${listOpening}": update this test`);
  fs.writeFileSync(file, `${importLine}\n${text.replace(listOpening, `${listOpening}${entry}, `)}`);
}

/**
 * The quick-start code of the README and the guide, run as a reader runs it: the tour's files
 * written into a copy of this repository's app (a temp mirror, see snippet-project.ts), its two
 * list edits made, `npx tsx scripts/…` and `npm run worker` run there against a real Redis.
 */
describe('the quick-start snippets, run as written', () => {
  jest.setTimeout(300_000); // several process starts on a shared 2-core machine
  let project: string;
  const prefix = uniquePrefix();
  const run = (command: string, vars: Record<string, string> = {}) =>
    spawnSync('sh', ['-c', command], {
      cwd: project,
      env: {
        ...process.env,
        SYMPHONY_TRANSPORT_DSN: redisUrl(),
        SYMPHONY_REDIS_PREFIX: prefix,
        LOG_LEVEL: 'info',
        ...vars,
      },
      encoding: 'utf8',
      timeout: 240_000, // a deadline for a hung process, not a budget
    });
  /** The exit status, and stderr when it reports an error (npm may print notices there). */
  const outcome = (done: ReturnType<typeof run>) => ({
    status: done.status,
    error: /error/i.test(done.stderr) ? done.stderr : '',
  });
  const jsonLines = (text: string) =>
    text
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(() => {
    project = createProject();
    const write = (snippet: Snippet) =>
      fs.writeFileSync(path.join(project, snippet.declaredPath!), snippet.code);
    // 1. the message, and its place in the messages list
    write(snippetFor('README.md', 'queues/billing.ts'));
    addToList(
      path.join(project, 'queues/messages.ts'),
      "import { invoiceSend } from './billing';",
      'export const messages = [',
      'invoiceSend',
    );
    // 2. the routing file as the README shows it after the new line
    write(snippetFor('README.md', 'queues/routing.ts'));
    // 3. the handler, and its place in the handlers list
    write(snippetFor('README.md', 'handlers/send-invoice.handler.ts'));
    addToList(
      path.join(project, 'handlers/index.ts'),
      "import { sendInvoiceHandler } from './send-invoice.handler';",
      'return [',
      'sendInvoiceHandler(services)',
    );
    // 4. the dispatch script, and the guide's
    write(snippetFor('README.md', 'scripts/send-invoice.ts'));
    write(snippetFor('docs/guide.md', 'scripts/send-welcome.ts'));
  });
  afterAll(async () => {
    removeProject(project);
    await closeTestBuses();
  });

  it("README: the script dispatches the invoice, and `npm run worker` handles it with step 3's handler", () => {
    const sent = run('npx tsx scripts/send-invoice.ts');
    expect(outcome(sent)).toEqual({ status: 0, error: '' });
    const result = JSON.parse(sent.stdout.trim().split('\n').pop()!) as { id: string; queue: string };
    expect(result).toEqual({ id: expect.any(String), queue: 'billing' });

    const worker = run('npm run worker -- --queues billing --limit 1');
    expect(outcome(worker)).toEqual({ status: 0, error: '' });
    const logs = jsonLines(worker.stdout);
    expect(logs).toContainEqual(
      expect.objectContaining({
        id: result.id,
        to: 'ada@example.com',
        subject: 'Invoice inv_1',
        msg: 'email sent (log provider)',
      }),
    );
    expect(logs).toContainEqual(expect.objectContaining({ id: result.id, outcome: 'handled' }));
  });

  it('README: with the store gone, the script fails with TRANSPORT_UNAVAILABLE and exit code 1', async () => {
    const dead = `redis://127.0.0.1:${await freePort()}`;
    const sent = run('npx tsx scripts/send-invoice.ts', {
      SYMPHONY_TRANSPORT_DSN: dead,
      SYMPHONY_STORE_TIMEOUT_MS: '1000',
    });
    expect(sent.status).toBe(1);
    expect(sent.stderr).toContain('TRANSPORT_UNAVAILABLE');
  });

  it("the guide's dispatch script stores its four e-mails (one delayed)", async () => {
    const own = uniquePrefix(); // no worker's schedule sync has added a scheduled e-mail there
    const sent = run('npx tsx scripts/send-welcome.ts', { SYMPHONY_REDIS_PREFIX: own });
    expect(outcome(sent)).toEqual({ status: 0, error: '' });
    const emails = (await testBus(app, { redisPrefix: own, logLevel: 'silent' }).stats(['emails'])).emails!;
    expect({ ready: emails.waiting + emails.prioritized, delayed: emails.delayed }).toEqual({
      ready: 3,
      delayed: 1,
    });
  });
});
