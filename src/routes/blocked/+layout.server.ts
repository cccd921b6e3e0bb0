import type { LayoutServerLoad } from './$types';

/** What the blocked page shows: the reason left by the block and whom to write to. */
export const load: LayoutServerLoad = ({ locals }) => ({
	blocked: locals.blockNotice ? { reason: locals.blockNotice.reason } : null,
	contactEmail: locals.services.config.privacy.contactEmail
});
