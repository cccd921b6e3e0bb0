import { fail } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { requireUser } from '$lib/server/kit/guards';
import { acceptanceHistory, consentForm, consentOverview, pageQuery, setConsent } from '$lib/server/legal/index';
import type { Actions, PageServerLoad } from './$types';

/** The person's optional consents (ranking): the current choice, its dated history, and the documents they accepted. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = event.locals.services.db;
	const page = pageQuery.parse(event.url.searchParams.get('page') ?? undefined);
	const [ranking, accepted] = await Promise.all([consentOverview(db, { userId: user.id, purpose: 'ranking', page }), acceptanceHistory(db, user.id)]);
	return {
		ranking: { granted: ranking.granted, history: ranking.history.map((h) => ({ granted: h.granted, at: h.at.toISOString() })) },
		pageNo: page,
		hasNext: page < ranking.pages,
		accepted: accepted.map((a) => ({ kind: a.kind, version: a.version, at: a.acceptedAt.toISOString() }))
	};
};

export const actions: Actions = {
	/** Grants or withdraws one optional consent; every change is appended to the history. */
	set: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const parsed = consentForm.safeParse({ purpose: form.get('purpose'), granted: form.get('granted') });
		if (!parsed.success) return fail(400, { formError: 'legal.error.invalid' as MessageKey });
		const { db, clock } = event.locals.services;
		const granted = parsed.data.granted === 'yes';
		await setConsent({ db, clock }, { userId: user.id, purpose: parsed.data.purpose, granted });
		return { done: (granted ? 'legal.consents.doneGranted' : 'legal.consents.doneWithdrawn') as MessageKey };
	}
};
