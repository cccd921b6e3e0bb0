import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import { setRuntimeServices } from '../../src/lib/server/runtime';
import { activities, courseSections, courses } from '../../src/lib/server/courses/courses.tables';
import type { Services } from '../../src/lib/server/services';
import { createTestDatabase } from '../support/db';
import { createTestServices } from '../support/services';
import { freePort } from '../support/net';

/**
 * Downloads through the whole stack (Fastify -> SvelteKit route -> file store): the
 * headers a browser gets, and 404 wherever the material is not readable.
 */
describe('file downloads', () => {
	let app: FastifyInstance;
	let base: string;
	let services: Services;
	let dataDir: string;
	let closeDb: () => Promise<void>;
	const ids: Record<string, string> = {};

	async function courseWith(visibility: 'public' | 'private', fileIds: string[]) {
		const [c] = await services.db.insert(courses).values({ slug: `pliki-${visibility}`, title: 'Pliki', status: 'published', visibility }).returning();
		const [s] = await services.db.insert(courseSections).values({ courseId: c.id, title: 'S', position: 1 }).returning();
		await services.db.insert(activities).values(fileIds.map((fileId, i) => ({ courseId: c.id, sectionId: s.id, type: 'file' as const, title: `F${i}`, position: i, fileId })));
	}

	beforeAll(async () => {
		const port = await freePort();
		base = `http://localhost:${port}`;
		dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'files-http-'));
		const database = await createTestDatabase('pglite');
		closeDb = () => database.close();
		services = createTestServices({ database, env: { PORT: String(port), DATA_DIR: dataDir } });
		setRuntimeServices(services);
		const store = (bytes: string, originalName: string) => services.files.storeFile({ bytes: Buffer.from(bytes, 'latin1'), originalName, uploadedBy: null });
		ids.pdf = (await store('%PDF-1.4\n%%EOF\n', 'Materiał szkoleniowy.pdf')).id;
		ids.txt = (await store('Notatka: <b>nie HTML</b>\n', 'notatka.txt')).id;
		ids.privatePdf = (await store('%PDF-1.4\n% tajne\n%%EOF\n', 'tajne.pdf')).id;
		ids.loose = (await store('%PDF-1.4\n% luzem\n%%EOF\n', 'luzem.pdf')).id;
		await courseWith('public', [ids.pdf, ids.txt]);
		await courseWith('private', [ids.privatePdf]);
		app = await buildApp({ services, pages: 'dev' });
		await app.listen({ port, host: '127.0.0.1' });
	}, 120_000);

	afterAll(async () => {
		await app?.close();
		await closeDb?.();
		setRuntimeServices(undefined);
		fs.rmSync(dataDir, { recursive: true, force: true });
	});

	it('serves a readable PDF inline with its stored type, nosniff and a restrictive policy', async () => {
		const res = await fetch(`${base}/files/${ids.pdf}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('content-disposition')).toBe(`inline; filename="Materia_ szkoleniowy.pdf"; filename*=UTF-8''Materia%C5%82%20szkoleniowy.pdf`);
		expect(res.headers.get('content-security-policy')).toContain("script-src 'none'");
		expect((await res.text()).startsWith('%PDF-')).toBe(true);
	});

	it('serves other types as a sandboxed attachment, never as HTML', async () => {
		const res = await fetch(`${base}/files/${ids.txt}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
		expect(res.headers.get('content-disposition')).toMatch(/^attachment; /);
		expect(res.headers.get('content-security-policy')).toMatch(/^sandbox; /);
	});

	it('answers 404 for a private course’s file, a file used nowhere and an unknown or malformed id, without the bytes', async () => {
		for (const id of [ids.privatePdf, ids.loose, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
			const res = await fetch(`${base}/files/${id}`);
			expect(res.status, id).toBe(404);
			expect(res.headers.get('content-type'), id).not.toBe('application/pdf');
		}
	});
});
