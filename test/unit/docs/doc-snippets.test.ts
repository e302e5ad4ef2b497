import { compileSnippets } from './snippets/compile-snippets';
import { documentedFiles, extractSnippets } from './snippets/extract-snippets';
import { createProject, placeSnippets, removeProject } from './snippets/snippet-project';

/**
 * Every TypeScript block of the README and docs/ compiles against the real API, imports included,
 * as the file it says it is. A block that is deliberately a fragment says so on the line before
 * it (`<!-- snippet: fragment -->`); there are few. The quick-start snippets are also run
 * (test/e2e/doc-quick-start.test.ts).
 */
describe('TypeScript in the docs', () => {
  const snippets = documentedFiles().flatMap((doc) => extractSnippets(doc));
  let project: string;
  beforeAll(() => (project = createProject()));
  afterAll(() => removeProject(project));

  it('finds the blocks, and few of them are fragments', () => {
    expect(snippets.length).toBeGreaterThan(30);
    const fragments = snippets.filter((s) => s.fragment).map((s) => `${s.doc}:${s.line}`);
    expect(fragments.length).toBeLessThanOrEqual(3);
  });

  it('every block compiles as a module, imports included', () => {
    const placed = placeSnippets(
      project,
      snippets.filter((s) => !s.fragment),
    );
    expect(compileSnippets(project, placed)).toEqual([]);
  });
});
