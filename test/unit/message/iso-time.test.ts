import { isoTime } from '../../../src/message/iso-time';

describe('isoTime', () => {
  it('gives the text of Date#toISOString for times across minutes, days and years', () => {
    const starts = [0, 59_999, 60_000, Date.UTC(2026, 10, 29, 23, 59, 59, 999), Date.UTC(2000, 1, 29, 12)];
    for (const start of starts) {
      for (let ms = start; ms < start + 200_000; ms += 997) {
        expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      }
    }
  });

  it('gives the same text back and forth between minutes (the cached minute changes)', () => {
    const a = Date.UTC(2026, 0, 1, 10, 0, 5, 7);
    const b = Date.UTC(2026, 0, 1, 10, 1, 0, 0);
    for (const ms of [a, b, a, b + 59_999, a]) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });

  it('leaves times outside four-digit years and fractional ms to Date', () => {
    for (const ms of [-1, -86_400_001, 253_402_300_800_000, 8.64e15, 1_700_000_000_000.5]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
