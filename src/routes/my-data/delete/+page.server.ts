import { fail } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { isAppError } from '$lib/server/errors';
import { requireUser } from '$lib/server/kit/guards';
import { clientErrorCode } from '$lib/server/kit/domain-errors';
import { clientIp } from '$lib/server/platform/client-ip';
import { deletionForm } from '$lib/server/privacy/privacy.requests.schemas';
import { listRequestsOfUser, requestDeps, requestForAccount } from '$lib/server/privacy/privacy.requests.service';
import { minutesFrom } from '$lib/server/privacy/privacy.rate-limit';
import type { Actions, PageServerLoad } from './$types';

/** The person's latest deletion request, if any, for the status line. */
async function latestDeletion(event: Parameters<PageServerLoad>[0], userId: string) {
	const latest = (await listRequestsOfUser(event.locals.services.db, userId)).find((r) => r.kind === 'deletion');
	return latest ? { status: latest.status, requestedAt: latest.requestedAt.toISOString() } : null;
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { config } = event.locals.services;
	return {
		email: user.email,
		contactEmail: config.privacy.contactEmail,
		ttlHours: Math.round(config.privacy.linkTtlMs / 3_600_000),
		latest: await latestDeletion(event, user.id)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const services = event.locals.services;
		const form = await event.request.formData();
		const parsed = deletionForm.safeParse({ confirm: form.get('confirm') });
		if (!parsed.success) return fail(400, { errors: { confirm: 'requests.delete.confirmRequired' as MessageKey }, tooMany: null });
		const limit = services.privacyLimiter.hit(clientIp(event.request) ?? 'unknown');
		if (!limit.allowed) return fail(429, { errors: {}, tooMany: minutesFrom(limit.retryAfterMs) });
		try {
			await requestForAccount(requestDeps(services), { userId: user.id, kind: 'deletion', source: 'profile', locale: event.locals.locale });
		} catch (cause) {
			const code = clientErrorCode(cause);
			if (code === 'requests.rate_limited' && isAppError(cause)) return fail(429, { errors: {}, tooMany: Number(cause.details?.retryAfterMinutes ?? 60) });
			if (code === 'requests.no_email') return fail(409, { errors: {}, tooMany: null });
			throw cause;
		}
		return { sent: true as const };
	}
};
