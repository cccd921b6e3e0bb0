import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvCell, toCsv } from './csv';

describe('csv', () => {
	it('neutralises formulas and quotes every text cell', () => {
		expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
		expect(csvCell('+48 123')).toBe(`"'+48 123"`);
		expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
		expect(csvCell('-2+3')).toBe(`"'-2+3"`);
		expect(csvCell('Zażółć gęślą jaźń')).toBe('"Zażółć gęślą jaźń"');
		expect(csvCell(-2.5)).toBe('-2.5');
		expect(csvCell(null)).toBe('""');
	});

	it('never lets a text cell start with a formula character', () => {
		fc.assert(
			fc.property(fc.string(), (text) => {
				const cell = csvCell(text);
				expect(cell.startsWith('"')).toBe(true);
				expect(/^"[=+\-@\t\r]/.test(cell)).toBe(false);
			})
		);
	});

	it('starts with a BOM and ends rows with CRLF', () => {
		expect(toCsv(['a'], [['b']])).toBe('\ufeff"a"\r\n"b"\r\n');
	});
});
