import { error, type RequestEvent } from '@sveltejs/kit';
import { currentDocument, documentVersion, listVersions, pageQuery, versionParam, viewDocument, type DocumentKind } from '$lib/server/legal/index';
import { isAppError } from '$lib/server/errors';

/**
 * The public page of a legal document (/terms, /privacy, and /…/v/[version]): the
 * version asked for or the current one, and a page of the version list. Readable by
 * everyone, signed in or not, and open before acceptance (the consent gate lets it through).
 */
export async function loadLegalDocument(event: RequestEvent, kind: DocumentKind, version?: string) {
	const db = event.locals.services.db;
	const locale = event.locals.locale;
	let asked: number | undefined;
	if (version !== undefined) {
		const parsed = versionParam.safeParse(version);
		if (!parsed.success) error(404, { message: 'Not found', code: 'legal.not_found' });
		asked = parsed.data;
	}
	const current = await currentDocument(db, kind).catch(notFoundAsNull);
	const row = asked === undefined ? current : await documentVersion(db, kind, asked).catch(notFoundAsNull);
	if (asked !== undefined && !row) error(404, { message: 'Not found', code: 'legal.not_found' });
	const list = await listVersions(db, kind, pageQuery.parse(event.url.searchParams.get('page') ?? undefined));
	const view = row ? viewDocument(row, locale) : null;
	return {
		kind,
		document: view ? { ...view, publishedAt: view.publishedAt.toISOString() } : null,
		currentVersion: current?.version ?? null,
		versions: list.versions.map((v) => ({ version: v.version, title: locale === 'en' ? v.titleEn : v.titlePl, publishedAt: v.publishedAt.toISOString() })),
		pageNo: list.pageNo,
		hasNext: list.hasNext
	};
}

function notFoundAsNull(cause: unknown): null {
	if (isAppError(cause) && cause.code === 'legal.not_found') return null;
	throw cause;
}
