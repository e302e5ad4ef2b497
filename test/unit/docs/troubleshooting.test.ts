import fs from 'node:fs';
import { ERROR_CATALOGUE } from '../../../src/error-catalogue';
import { renderTroubleshooting, TROUBLESHOOTING_FILE } from '../../../scripts/troubleshooting-doc';
import { raisedErrorCodes } from './raised-error-codes';

// Its links are checked with every other doc's (doc-links.test.ts).
describe('docs/troubleshooting.md, generated from the error catalogue', () => {
  it('is what `npm run docs:troubleshooting` writes from src/error-catalogue/ (run it after changing the catalogue)', () => {
    expect(fs.readFileSync(TROUBLESHOOTING_FILE, 'utf8')).toBe(renderTroubleshooting());
  });

  it('the catalogue has a cause and a fix for every code the code raises, and no code it never raises', () => {
    const raised = raisedErrorCodes();
    const listed = new Set(Object.keys(ERROR_CATALOGUE));
    expect(raised.size).toBeGreaterThan(40); // the scan found the codes, not nothing
    expect({ missingFromCatalogue: [...raised].filter((c) => !listed.has(c)).sort() }).toEqual({
      missingFromCatalogue: [],
    });
    expect({ raisedNowhere: [...listed].filter((c) => !raised.has(c)).sort() }).toEqual({
      raisedNowhere: [],
    });
  });
});
