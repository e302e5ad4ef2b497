import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { ROOT } from './extract-snippets';
import type { PlacedSnippet } from './snippet-project';

/**
 * Packages the docs import that this repository does not install (a Next.js app's own, an error
 * tracker): declared with just what the snippets use, so the rest of each snippet is still checked.
 */
const STUBS = `
declare module 'next' {
  export interface NextConfig { serverExternalPackages?: string[] }
}
declare module '@sentry/node' {
  export function captureException(error: unknown, context?: {
    tags?: Record<string, string>; extra?: Record<string, unknown>; fingerprint?: string[];
  }): string;
}
`;

/**
 * Type-checks every placed snippet against the real API in one program (this repository's compiler
 * options; the package's names mapped to src/ as an installed package would resolve them), and
 * returns each problem as `README.md:112 (TypeScript block 4): TS2304 Cannot find name 'x'.`.
 */
export function compileSnippets(project: string, placed: readonly PlacedSnippet[]): string[] {
  const stubs = path.join(project, 'doc-stubs.d.ts');
  fs.writeFileSync(stubs, STUBS);
  const options: ts.CompilerOptions = {
    ...repositoryOptions(),
    noEmit: true,
    baseUrl: project,
    paths: {
      'symphony-messenger': ['src/index.ts'],
      'symphony-messenger/*': ['src/*/index.ts'],
      '@/*': ['nextjs-app/*'], // the Next.js guide's import alias
    },
  };
  const host = ts.createCompilerHost(options);
  host.getCurrentDirectory = () => project;
  const program = ts.createProgram({ rootNames: [...placed.map((p) => p.file), stubs], options, host });
  const general = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map(
    (d) => `compiler: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
  );
  return [...general, ...placed.flatMap((p) => problemsOf(program, p))];
}

function problemsOf(program: ts.Program, { snippet, file }: PlacedSnippet): string[] {
  const source = program.getSourceFile(file);
  if (!source) return [`${snippet.doc}:${snippet.line}: not compiled (${file})`];
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => {
    const line = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line;
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    return `${snippet.doc}:${snippet.line + line} (TypeScript block ${snippet.index}): TS${d.code} ${text}`;
  });
}

/** tsconfig.json's compiler options, without those about output. */
function repositoryOptions(): ts.CompilerOptions {
  const file = path.join(ROOT, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, file);
  const {
    outDir: _out,
    rootDir: _root,
    declaration: _d,
    sourceMap: _s,
    configFilePath: _c,
    ...rest
  } = options;
  return rest;
}
