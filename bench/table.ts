/** A GitHub-flavoured Markdown table, numeric columns right-aligned; readable in a terminal too. */
export function markdownTable(header: string[], rows: string[][], rightAligned: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    '| ' +
    cells
      .map((c, i) => (rightAligned.has(i) ? (c ?? '').padStart(widths[i]!) : (c ?? '').padEnd(widths[i]!)))
      .join(' | ') +
    ' |';
  const rule =
    '|' +
    widths.map((w, i) => (rightAligned.has(i) ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|') +
    '|';
  return [line(header), rule, ...rows.map(line)].join('\n');
}
