import fs from 'node:fs';
import ts from 'typescript';
import { filesUnder } from './repo-files';

const CODE = /^[A-Z][A-Z0-9_]{2,}$/;
/** Constructors taking the code as an argument, and which one. */
const CODE_ARGUMENT: Record<string, number> = {
  SymphonyError: 0,
  DatabaseError: 0,
  SymphonyApiError: 0,
  HttpError: 1,
};

/** Code-like string literals anywhere in an expression (`a ? 'X' : 'Y'`, `code ?? 'Z'`). */
function literalsIn(node: ts.Node | undefined, into: Set<string>): void {
  if (!node) return;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    if (CODE.test(node.text)) into.add(node.text);
    return;
  }
  node.forEachChild((child) => literalsIn(child, into));
}

const extendsAnError = (node: ts.Node): boolean => {
  const owner = ts.findAncestor(node, ts.isClassLike);
  return !!owner?.heritageClauses?.some((h) => h.types.some((t) => /Error$/.test(t.expression.getText())));
};

/**
 * Every error code src/, dashboard/ and handlers/ can raise, read from the syntax: the code argument
 * of `super(…)` in an error class and of `new SymphonyError/DatabaseError/SymphonyApiError/HttpError(…)`,
 * `[status, 'CODE', …]` tables, and the members of `…ErrorCode` union types.
 */
export function raisedErrorCodes(): Set<string> {
  const codes = new Set<string>();
  for (const file of ['src', 'dashboard', 'handlers'].flatMap((dir) => filesUnder(dir))) {
    const text = fs.readFileSync(file, 'utf8');
    if (!/['`][A-Z][A-Z0-9_]{2,}['`]/.test(text)) continue; // no code-like literal: nothing to parse
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) {
        if (extendsAnError(node)) literalsIn(node.arguments[0], codes);
      } else if (ts.isNewExpression(node)) {
        const index = CODE_ARGUMENT[node.expression.getText()];
        if (index !== undefined) literalsIn(node.arguments?.[index], codes);
      } else if (ts.isArrayLiteralExpression(node)) {
        const [status, code] = node.elements;
        if (status && ts.isNumericLiteral(status) && Number(status.text) >= 400) literalsIn(code, codes);
      } else if (ts.isTypeAliasDeclaration(node) && node.name.text.endsWith('ErrorCode')) {
        literalsIn(node.type, codes);
      }
      node.forEachChild(visit);
    };
    visit(source);
  }
  return codes;
}
