import { redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/kit/guards';
import { clientErrorCode } from '$lib/server/kit/domain-errors';
import { buildExportZip, recordExport } from '$lib/server/privacy/privacy.service';
import type { RequestHandler } from './$types';

/**
 * The signed-in person's data export as a ZIP download. Each download is recorded as a
 * completed export request and limited per hour: a browser is sent back to "My data"
 * with the explanation, any other client gets 429.
 */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const { services } = event.locals;
	try {
		await recordExport(services, { userId: user.id, locale: event.locals.locale });
	} catch (cause) {
		if (clientErrorCode(cause) !== 'privacy.export_rate_limited') throw cause;
		if (event.request.headers.get('accept')?.includes('text/html')) redirect(303, '/my-data?export=limited');
		return new Response(JSON.stringify({ code: 'privacy.export_rate_limited' }), {
			status: 429,
			headers: { 'content-type': 'application/json', 'retry-after': '3600', 'cache-control': 'no-store' }
		});
	}
	const zip = await buildExportZip(services, user.id);
	const day = services.clock.now().toISOString().slice(0, 10);
	return new Response(new Blob([zip as Uint8Array<ArrayBuffer>]), {
		headers: {
			'content-type': 'application/zip',
			'content-length': String(zip.byteLength),
			'content-disposition': `attachment; filename="moje-dane-${day}.zip"`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
