import { fail, redirect } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { safeReturnTo } from '$lib/server/auth/auth.schemas';
import { clientErrorCode } from '$lib/server/kit/domain-errors';
import { requireUser } from '$lib/server/kit/guards';
import { isAppError } from '$lib/server/errors';
import { acceptDocuments, consentPage, documentKinds, versionParam, type DocumentKind } from '$lib/server/legal/index';
import type { Actions, PageServerLoad } from './$types';

/** The documents the signed-in person must accept before going on; nothing pending: straight on to returnTo. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { db, config } = event.locals.services;
	const returnTo = safeReturnTo(event.url.searchParams.get('returnTo'), config.origin);
	const page = await consentPage(db, { userId: user.id, locale: event.locals.locale });
	if (page.pending.length === 0) redirect(303, returnTo);
	return {
		returnTo,
		firstTime: page.firstTime,
		pending: page.pending.map((d) => ({ ...d, publishedAt: d.publishedAt.toISOString() }))
	};
};

type Errors = Partial<Record<DocumentKind, MessageKey>>;

export const actions: Actions = {
	/**
	 * Records acceptance of exactly the versions the page showed (sent back as hidden
	 * fields): if a newer one was published meanwhile, nothing is recorded and the page
	 * shows the new version.
	 */
	default: async (event) => {
		const user = requireUser(event);
		const { db, clock, config } = event.locals.services;
		const form = await event.request.formData();
		const returnTo = safeReturnTo(form.get('returnTo'), config.origin);
		const ranking = form.get('ranking') === 'yes';
		const accepted: Partial<Record<DocumentKind, number>> = {};
		const errors: Errors = {};
		for (const kind of documentKinds) {
			const shown = form.get(`version_${kind}`);
			if (shown === null) continue;
			const version = versionParam.safeParse(shown);
			if (version.success && form.get(`accept_${kind}`) === 'yes') accepted[kind] = version.data;
			else errors[kind] = 'legal.consent.acceptRequired';
		}
		if (Object.keys(errors).length > 0) return fail(400, { errors, ranking, formError: 'legal.consent.formError' as MessageKey });
		try {
			await acceptDocuments({ db, clock }, { userId: user.id, accepted, ranking });
		} catch (cause) {
			const code = clientErrorCode(cause);
			if (code === 'legal.version_changed') return fail(409, { errors, ranking, formError: 'legal.consent.versionChanged' as MessageKey });
			if (code === 'legal.acceptance_required' && isAppError(cause)) {
				for (const kind of (cause.details?.kinds ?? []) as DocumentKind[]) errors[kind] = 'legal.consent.acceptRequired';
				return fail(400, { errors, ranking, formError: 'legal.consent.formError' as MessageKey });
			}
			throw cause;
		}
		redirect(303, returnTo);
	}
};
