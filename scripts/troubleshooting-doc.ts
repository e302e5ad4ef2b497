// docs/troubleshooting.md as it follows from the error catalogue: written by
// scripts/write-troubleshooting.ts, compared with the committed file by a unit test.
import path from 'node:path';
import { ERROR_AREAS, ERROR_CATALOGUE, type ErrorCatalogueEntry } from '../src/error-catalogue';
import { SymphonyError } from '../src/errors';
import { toHttpError } from '../src/http/error-mapping';

export const TROUBLESHOOTING_FILE = path.resolve(__dirname, '../docs/troubleshooting.md');

const INTRO = `# Troubleshooting: error codes

<!-- Generated from src/error-catalogue/ by \`npm run docs:troubleshooting\`: edit the catalogue, not this file. -->

Every error Symphony reports carries a stable code, the same wherever it shows up:

- the CLI prints one line, \`error: <CODE>: <message>\` (a validation error adds a line per field), and exits 1;
- the HTTP API answers \`{"error":{"code","message","details?"}}\` with the status in the table below and an
  \`X-Request-Id\` header;
- in code, every error Symphony throws is a \`SymphonyError\` with its \`code\` ([guide.md](guide.md#errors));
- a worker logs a delivery that failed with its error (\`retry\` and \`failed\` lines, [operations.md](operations.md#logs)),
  and the failed store keeps it with its stack ([failed-messages.md](failed-messages.md)).

The message says what was wrong in that case and, most of the time, what to do. Below, per code, the usual cause
and the fix.`;

/** The status an API client gets for the code, when it reaches one as anything but a 500. */
function httpStatus(code: string, entry: ErrorCatalogueEntry): number | undefined {
  if (entry.status !== undefined) return entry.status;
  const status = toHttpError(new SymphonyError(code, '')).status;
  return status === 500 ? undefined : status;
}

const anchor = (code: string) => `#${code.toLowerCase()}`;

export function renderTroubleshooting(): string {
  const entries = Object.entries(ERROR_CATALOGUE) as [string, ErrorCatalogueEntry][];
  const index = table(
    ['Code', 'Where', 'HTTP'],
    entries.map(([code, e]) => [
      `[\`${code}\`](${anchor(code)})`,
      ERROR_AREAS[e.area],
      String(httpStatus(code, e) ?? ''),
    ]),
  );
  const sections = (Object.keys(ERROR_AREAS) as (keyof typeof ERROR_AREAS)[]).map((area) =>
    [
      `## ${ERROR_AREAS[area]}`,
      ...entries
        .filter(([, e]) => e.area === area)
        .map(([code, e]) => {
          const status = httpStatus(code, e);
          return [
            `### \`${code}\``,
            `**Cause.** ${e.cause}`,
            `**Fix.** ${e.fix}`,
            ...(status ? [`HTTP status: ${status}.`] : []),
          ].join('\n\n');
        }),
    ].join('\n\n'),
  );
  const markdown = [INTRO, index, ...sections].join('\n\n');
  return `${markdown}\n`;
}

/** A Markdown table padded as prettier pads it, so `npm run lint` finds the file formatted. */
function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
