import { requireUser } from '$lib/server/kit/guards';
import { EXPORT_LIMIT_PER_HOUR, myDataOverview } from '$lib/server/privacy/privacy.service';
import type { PageServerLoad } from './$types';

const pageParam = (value: string | null) => Math.max(1, Number.parseInt(value ?? '1', 10) || 1);

/** Everything the platform holds about the signed-in person, and only about them. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { services } = event.locals;
	const overview = await myDataOverview(services.db, user.id, {
		access: pageParam(event.url.searchParams.get('access')),
		posts: pageParam(event.url.searchParams.get('posts'))
	});
	return {
		...overview,
		exportLimited: event.url.searchParams.get('export') === 'limited',
		exportLimit: EXPORT_LIMIT_PER_HOUR,
		retention: { accessLogDays: services.config.privacy.accessLogRetentionDays, mailDays: services.config.privacy.mailRetentionDays },
		dpoEmail: services.config.privacy.dpoEmail
	};
};
