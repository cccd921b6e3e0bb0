import { redirect } from '@sveltejs/kit';
import { clientErrorCode } from '$lib/server/kit/domain-errors';
import { buildExportZip } from '$lib/server/privacy/privacy.service';
import { tokenParam } from '$lib/server/privacy/privacy.requests.schemas';
import { confirmExport, requestDeps } from '$lib/server/privacy/privacy.requests.service';
import type { RequestHandler } from './$types';

const refusals: Record<string, string> = { 'requests.link_used': 'used', 'requests.link_expired': 'expired', 'requests.account_gone': 'gone' };

/**
 * The export link's button posts here (a form post: SvelteKit's origin check applies) and
 * gets the archive as a download, once. A refused link goes back to the page, which says why.
 */
export const POST: RequestHandler = async ({ params, locals }) => {
	const back = (result: string) => redirect(303, `/privacy-requests/confirm/${encodeURIComponent(params.token)}?result=${result}`);
	if (!tokenParam.safeParse(params.token).success) back('used');
	const deps = requestDeps(locals.services);
	let archive: Uint8Array;
	try {
		({ archive } = await confirmExport(deps, params.token, (userId) => buildExportZip(deps, userId)));
	} catch (cause) {
		const code = clientErrorCode(cause);
		if (code && refusals[code]) back(refusals[code]);
		throw cause;
	}
	const day = locals.services.clock.now().toISOString().slice(0, 10);
	return new Response(archive!.slice().buffer as ArrayBuffer, {
		headers: {
			'content-type': 'application/zip',
			'content-disposition': `attachment; filename="moje-dane-${day}.zip"`,
			'content-length': String(archive!.byteLength),
			'cache-control': 'no-store'
		}
	});
};
