import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { MessageKey } from '$lib/i18n';
import { isAppError } from '$lib/server/errors';
import { requireCapability } from '$lib/server/kit/guards';
import { orHttpError } from '$lib/server/kit/domain-errors';
import { completeForm, rejectForm } from '$lib/server/privacy/privacy.requests.schemas';
import { completeRequest, getCase, rejectRequest, requestDeps, retryDeletion } from '$lib/server/privacy/privacy.requests.service';
import { fieldErrors } from '../../../contact/form-errors';
import type { Actions, PageServerLoad } from './$types';

/** An admin for the guard, and the case named by the URL; 404 for a malformed or unknown id. */
async function target(event: RequestEvent<{ id: string }>) {
	const admin = requireCapability(event, 'privacy:manage');
	if (!z.guid().safeParse(event.params.id).success) error(404, { message: 'Not found', code: 'requests.not_found' });
	return { admin, view: await orHttpError(getCase(event.locals.services.db, event.params.id)) };
}

/** A closed case answers the action with the status it has now instead of an error page. */
async function orNotOpen<T>(work: Promise<T>, action: string) {
	try {
		return { ok: await work };
	} catch (cause) {
		if (isAppError(cause) && cause.code === 'requests.not_open') {
			return { failure: fail(409, { action, errors: {}, values: {}, notOpen: String(cause.details?.status ?? '') }) };
		}
		if (isAppError(cause) && cause.code === 'requests.not_found') error(404, { message: 'Not found', code: 'requests.not_found' });
		throw cause;
	}
}

export const load: PageServerLoad = async (event) => {
	const { view } = await target(event);
	const { request: r, account, history } = view;
	const open = r.closedAt === null;
	const iso = (d: Date | null) => d?.toISOString() ?? null;
	return {
		request: {
			id: r.id,
			kind: r.kind,
			status: r.status,
			source: r.source,
			locale: r.locale,
			open,
			email: open ? (r.email ?? account?.email ?? null) : null,
			message: open ? r.message : null,
			resolution: r.resolution,
			requestedAt: r.requestedAt.toISOString(),
			dueAt: r.dueAt.toISOString(),
			confirmedAt: iso(r.confirmedAt),
			closedAt: iso(r.closedAt),
			canRetry: r.kind === 'deletion' && r.confirmedAt !== null && (r.status === 'pending' || r.status === 'processing')
		},
		account: account ? { id: account.id, name: account.name } : null,
		history: history.map((h) => ({ at: h.at.toISOString(), action: h.action })),
		done: event.url.searchParams.get('done') === 'deleted' ? ('requests.adminDelete.done' as MessageKey) : null
	};
};

export const actions: Actions = {
	complete: async (event) => {
		const { admin } = await target(event);
		const form = await event.request.formData();
		const note = String(form.get('note') ?? '').slice(0, 4000);
		const parsed = completeForm.safeParse({ note });
		if (!parsed.success) return fail(400, { action: 'complete', values: { note }, errors: fieldErrors<'note'>(parsed.error), notOpen: null });
		const result = await orNotOpen(completeRequest(requestDeps(event.locals.services), { id: event.params.id, adminId: admin.id, note: parsed.data.note || null }), 'complete');
		return result.failure ?? { done: 'requests.admin.done.completed' as MessageKey };
	},
	reject: async (event) => {
		const { admin } = await target(event);
		const form = await event.request.formData();
		const reason = String(form.get('reason') ?? '').slice(0, 4000);
		const parsed = rejectForm.safeParse({ reason });
		const errors = parsed.success ? {} : fieldErrors<'reason' | 'confirm'>(parsed.error);
		if (form.get('confirm') !== 'yes') errors.confirm = 'requests.admin.rejectConfirmRequired';
		if (!parsed.success || errors.confirm) return fail(400, { action: 'reject', values: { reason }, errors, notOpen: null });
		const result = await orNotOpen(rejectRequest(requestDeps(event.locals.services), { id: event.params.id, adminId: admin.id, reason: parsed.data.reason }), 'reject');
		return result.failure ?? { done: 'requests.admin.done.rejected' as MessageKey };
	},
	retry: async (event) => {
		const { admin } = await target(event);
		const form = await event.request.formData();
		if (form.get('confirm') !== 'yes') {
			return fail(400, { action: 'retry', values: {}, errors: { confirm: 'requests.delete.confirmRequired' as MessageKey }, notOpen: null });
		}
		const result = await orNotOpen(retryDeletion(requestDeps(event.locals.services), { id: event.params.id, adminId: admin.id }), 'retry');
		return result.failure ?? { done: 'requests.admin.done.retried' as MessageKey };
	}
};
