import { fail } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { isAppError } from '$lib/server/errors';
import { requireUser } from '$lib/server/kit/guards';
import { getPreferences, notificationChannels, notificationFrequencies, notificationKinds, savePreferences } from '$lib/server/notifications';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { settings: await getPreferences(event.locals.services, user.id), hasEmail: !!user.email };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const choices = [];
		for (const kind of notificationKinds) {
			for (const channel of notificationChannels) {
				// A locked or disabled channel is shown as a disabled field, which the browser does not send.
				const value = form.get(`${kind}.${channel}`);
				if (value === null) continue;
				const frequency = notificationFrequencies.find((f) => f === value);
				if (!frequency) return fail(400, { error: 'notifications.prefs.invalid' as MessageKey });
				choices.push({ kind, channel, frequency });
			}
		}
		try {
			await savePreferences(event.locals.services, { userId: user.id, choices });
		} catch (cause) {
			if (isAppError(cause) && cause.code === 'notifications.preference_locked') return fail(409, { error: 'notifications.prefs.lockedError' as MessageKey });
			if (isAppError(cause) && cause.code === 'notifications.invalid_preference') return fail(400, { error: 'notifications.prefs.invalid' as MessageKey });
			throw cause;
		}
		return { done: 'notifications.prefs.saved' as MessageKey };
	}
};
