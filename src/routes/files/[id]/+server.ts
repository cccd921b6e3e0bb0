import { Readable } from 'node:stream';
import { error } from '@sveltejs/kit';
import { authoriseFileRead } from '$lib/server/courses/index';
import { downloadHeaders } from '$lib/server/files/index';
import { orHttpError } from '$lib/server/kit/domain-errors';
import type { RequestHandler } from './$types';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A stored file, for whoever may read the activity (or course) using it; 404 for anyone
 * else. Served with the type detected at upload, nosniff, a sandboxing policy, and
 * inline only for PDF and images.
 */
export const GET: RequestHandler = async (event) => {
	if (!uuid.test(event.params.id)) error(404, { message: 'Not found', code: 'files.not_found' });
	const { db, files } = event.locals.services;
	const row = await files.findFile(event.params.id);
	if (!row) error(404, { message: 'Not found', code: 'files.not_found' });
	await orHttpError(authoriseFileRead({ db }, { fileId: row.id, uploadedBy: row.uploadedBy, user: event.locals.user }));
	const { stream } = await orHttpError(files.readFile(row.id));
	const headers = new Headers(downloadHeaders(row));
	headers.set('cache-control', 'private, no-cache');
	return new Response(Readable.toWeb(stream) as ReadableStream, { headers });
};
