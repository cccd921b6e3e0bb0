import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

/** The development mail outbox: only with the built-in identity provider and no SMTP_URL. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { config, mail } = locals.services;
	if (!(config.oidc.devIdp && mail.devOutbox)) error(404, { message: 'Not found' });
	const pageNo = Math.max(1, Math.min(10_000, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1));
	const rows = await mail.listRecent(PAGE_SIZE + 1, (pageNo - 1) * PAGE_SIZE);
	return {
		pageNo,
		hasNext: rows.length > PAGE_SIZE,
		messages: rows.slice(0, PAGE_SIZE).map((m) => ({
			id: m.id,
			to: m.to,
			subject: m.subject,
			text: m.text,
			status: m.status,
			createdAt: m.createdAt.toISOString()
		}))
	};
};
