import { licenceReport } from '$lib/server/authoring/index';
import { requireCapability } from '$lib/server/kit/guards';
import type { RequestHandler } from './$types';

/** A CSV cell: quoted, and a leading = + - @ neutralised so spreadsheets do not run it as a formula. */
const cell = (value: string | null) => {
	const text = value ?? '';
	return `"${(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
};

/** Every material with its licence, author, source and attribution, as CSV (UTF-8 with BOM for spreadsheets). */
export const GET: RequestHandler = async (event) => {
	const user = requireCapability(event, 'admin:access');
	const { materials } = await licenceReport({ db: event.locals.services.db }, { actor: { id: user.id, roles: user.roles }, limit: 100_000, offset: 0 });
	const rows = [['licence', 'course', 'material', 'type', 'author', 'source_url', 'attribution'].join(',')];
	for (const m of materials) rows.push([m.licence, m.courseTitle, m.title, m.type, m.author, m.sourceUrl, m.attribution].map(cell).join(','));
	return new Response(`\ufeff${rows.join('\r\n')}\r\n`, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="licences.csv"',
			'x-content-type-options': 'nosniff'
		}
	});
};
