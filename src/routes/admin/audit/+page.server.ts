import { z } from 'zod';
import type { MessageKey } from '$lib/i18n';
import { requireCapability } from '$lib/server/kit/guards';
import { auditFilterOptions, listAuditLog } from '$lib/server/admin';
import { warsawDayStart } from '$lib/server/authoring';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 25;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)));
const text = (max: number) => z.string().trim().max(max).catch('').default('');

/** The filters in the query string; a malformed value is dropped (and a malformed date explained). */
const querySchema = z.object({
	action: text(100),
	targetType: text(100),
	actor: text(200),
	from: z.string().trim().default(''),
	to: z.string().trim().default(''),
	page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1)
});

const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The audit log, newest first: read-only, there is no way to change or remove an entry. */
export const load: PageServerLoad = async (event) => {
	requireCapability(event, 'audit:view');
	const query = querySchema.parse(Object.fromEntries(event.url.searchParams));
	const errors: { from?: MessageKey; to?: MessageKey } = {};
	if (query.from && !day.safeParse(query.from).success) errors.from = 'admin.audit.dateInvalid';
	if (query.to && !day.safeParse(query.to).success) errors.to = 'admin.audit.dateInvalid';
	if (!errors.from && !errors.to && query.from && query.to && query.from > query.to) errors.to = 'admin.audit.rangeInvalid';
	const from = query.from && !errors.from ? warsawDayStart(query.from) : undefined;
	// The "to" day is included: entries before the start of the next day.
	const to = query.to && !errors.to ? warsawDayStart(nextDay(query.to)) : undefined;
	const { db } = event.locals.services;
	const [{ entries, total }, options] = await Promise.all([
		listAuditLog({ db }, { action: query.action || undefined, targetType: query.targetType || undefined, actor: query.actor || undefined, from, to, limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE }),
		auditFilterOptions({ db })
	]);
	return {
		query,
		errors,
		options,
		total,
		pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
		entries: entries.map((e) => ({ ...e, at: e.at.toISOString() }))
	};
};
