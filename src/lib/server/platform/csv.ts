/**
 * CSV for spreadsheets (reports, survey results, licences): UTF-8 with a BOM, CRLF rows,
 * every cell quoted, and a cell starting with = + - @ tab or CR prefixed with ' so a
 * spreadsheet shows it as text instead of running it as a formula (CSV injection).
 * Numbers are written as they are (a negative number is a number, not a formula).
 */
export type CsvValue = string | number | boolean | Date | null | undefined;

export function csvCell(value: CsvValue): string {
	if (value === null || value === undefined) return '""';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '""';
	if (typeof value === 'boolean') return value ? '"1"' : '"0"';
	const text = value instanceof Date ? value.toISOString() : value;
	return `"${(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
}

export function toCsv(header: string[], rows: CsvValue[][]): string {
	const lines = [header.map(csvCell).join(','), ...rows.map((row) => row.map(csvCell).join(','))];
	return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** The Response of a CSV download. */
export function csvResponse(filename: string, body: string): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store'
		}
	});
}
