// npm run docs:troubleshooting: writes docs/troubleshooting.md from the error catalogue (src/error-catalogue/).
// With --check it writes nothing and exits 1 when the committed file differs.
import fs from 'node:fs';
import { renderTroubleshooting, TROUBLESHOOTING_FILE } from './troubleshooting-doc';

function main(): void {
  const text = renderTroubleshooting();
  const current = fs.existsSync(TROUBLESHOOTING_FILE) ? fs.readFileSync(TROUBLESHOOTING_FILE, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (current === text) return;
    console.error('docs/troubleshooting.md is out of date: run `npm run docs:troubleshooting`.');
    process.exitCode = 1;
    return;
  }
  fs.writeFileSync(TROUBLESHOOTING_FILE, text);
  console.log(current === text ? 'docs/troubleshooting.md is up to date' : 'wrote docs/troubleshooting.md');
}

main();
