import { Readable } from 'node:stream';
import { error } from '@sveltejs/kit';
import { downloadHeaders } from '$lib/server/files/index';
import { orHttpError } from '$lib/server/kit/domain-errors';
import { requireUser } from '$lib/server/kit/guards';
import type { RequestHandler } from './$types';

/**
 * The signed-in person's own uploaded avatar (files/[id] serves course materials by course
 * access only). Under /my-data, which is open before the terms are accepted, so the
 * picture shows there too. Served with the stored, verified type, nosniff and a sandbox.
 */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	if (!user.avatarFileId) error(404, { message: 'Not found', code: 'files.not_found' });
	const { row, stream } = await orHttpError(event.locals.services.files.readFile(user.avatarFileId));
	const headers = new Headers(downloadHeaders(row));
	headers.set('cache-control', 'private, no-cache');
	return new Response(Readable.toWeb(stream) as ReadableStream, { headers });
};
