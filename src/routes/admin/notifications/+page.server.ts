import { fail } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { requireCapability } from '$lib/server/kit/guards';
import { frequenciesFor, listPolicySettings, notificationChannels, notificationKinds, setPolicies } from '$lib/server/notifications';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireCapability(event, 'admin:access');
	return { policies: await listPolicySettings(event.locals.services) };
};

export const actions: Actions = {
	default: async (event) => {
		const admin = requireCapability(event, 'admin:access');
		const form = await event.request.formData();
		const rows = [];
		for (const kind of notificationKinds) {
			for (const channel of notificationChannels) {
				const value = form.get(`${kind}.${channel}.default`);
				const defaultFrequency = frequenciesFor[channel].find((f) => f === value);
				if (!defaultFrequency) return fail(400, { error: 'notifications.admin.invalid' as MessageKey });
				rows.push({ kind, channel, defaultFrequency, locked: form.get(`${kind}.${channel}.locked`) === 'on', disabled: form.get(`${kind}.${channel}.disabled`) === 'on' });
			}
		}
		const { db, clock } = event.locals.services;
		await setPolicies({ db, clock }, { by: admin.id, rows });
		return { done: 'notifications.admin.saved' as MessageKey };
	}
};
