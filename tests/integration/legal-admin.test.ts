import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import { setRuntimeServices } from '../../src/lib/server/runtime';
import type { Services } from '../../src/lib/server/services';
import { acceptDocuments, ensureDefaultDocuments } from '../../src/lib/server/legal/index';
import { legalDocuments } from '../../src/lib/server/legal/legal.tables';
import { auditLog } from '../../src/lib/server/admin/admin.tables';
import { createTestDatabase } from '../support/db';
import { createTestServices } from '../support/services';
import { freePort } from '../support/net';
import { postAction, signedInUser } from '../support/sessions';

/**
 * The admin's document actions through the whole stack (the built app, where SvelteKit
 * checks the origin of form posts): only holders of legal:manage may save, publish or
 * discard; a participant, a trainer or a cross-site page gets 403 and nothing changes.
 */
describe('admin: versioned terms and privacy policy', () => {
	let app: FastifyInstance;
	let base: string;
	let services: Services;
	let closeDb: () => Promise<void>;
	const cookies: Record<'admin' | 'participant' | 'trainer', string> = { admin: '', participant: '', trainer: '' };
	let adminId = '';

	const text = { titlePl: 'Regulamin', bodyPl: '## Nowy §1', titleEn: 'Terms', bodyEn: '## New §1', changeNote: 'Nowy paragraf pierwszy' };
	const actions: Record<string, Record<string, string>> = {
		save: text,
		publish: { ...text, confirm: 'yes' },
		discard: { confirm: 'yes' }
	};
	/** Everything the actions could change: the documents and their audit entries. */
	const snapshot = async () => ({
		documents: (await services.db.select().from(legalDocuments)).map((d) => `${d.kind}:${d.version}:${d.titlePl}:${d.bodyPl}:${d.updatedAt.toISOString()}`).sort(),
		audit: (await services.db.select().from(auditLog)).length
	});

	beforeAll(async () => {
		const port = await freePort();
		base = `http://localhost:${port}`;
		const database = await createTestDatabase('pglite');
		closeDb = () => database.close();
		services = createTestServices({ database, env: { PORT: String(port) } });
		setRuntimeServices(services);
		await ensureDefaultDocuments(services.db, services.clock);
		for (const role of ['admin', 'participant', 'trainer'] as const) {
			const { user, cookie } = await signedInUser(services, { roles: role === 'participant' ? [] : [role] });
			// Accepted already, so the consent gate is not what answers.
			await acceptDocuments({ db: services.db, clock: services.clock }, { userId: user.id, accepted: { terms: 1, privacy: 1 } });
			cookies[role] = cookie;
			if (role === 'admin') adminId = user.id;
		}
		app = await buildApp({ services, pages: 'build' });
		await app.listen({ port, host: '127.0.0.1' });
	}, 120_000);

	afterAll(async () => {
		await app?.close();
		await closeDb?.();
		setRuntimeServices(undefined);
	});

	it('shows the documents page and the editor to an admin only', async () => {
		for (const path of ['/admin/documents', '/admin/documents/terms', '/admin/documents/privacy']) {
			const admin = await fetch(`${base}${path}`, { redirect: 'manual', headers: { cookie: cookies.admin } });
			expect(admin.status, path).toBe(200);
			for (const who of ['participant', 'trainer'] as const) {
				const res = await fetch(`${base}${path}`, { redirect: 'manual', headers: { cookie: cookies[who] } });
				expect(res.status, `${who} ${path}`).toBe(403);
			}
		}
		expect((await fetch(`${base}/admin/documents/cookies`, { headers: { cookie: cookies.admin } })).status).toBe(404);
	});

	for (const action of ['save', 'publish', 'discard'] as const) {
		it(`refuses "${action}" to a participant and a trainer (403) and to a cross-site post (403), changing nothing`, async () => {
			// A draft exists, so a discard that got through would change something.
			await services.db
				.insert(legalDocuments)
				.values({ kind: 'terms', titlePl: 'Szkic', bodyPl: 'x', titleEn: 'Draft', bodyEn: 'x', changeNote: 'Zmiana' })
				.onConflictDoNothing();
			const before = await snapshot();
			for (const who of ['participant', 'trainer'] as const) {
				const res = await postAction(base, `/admin/documents/terms?/${action}`, actions[action], { cookie: cookies[who] });
				expect(res.status, who).toBe(403);
			}
			const crossSite = await postAction(base, `/admin/documents/terms?/${action}`, actions[action], { cookie: cookies.admin, origin: 'https://evil.example' });
			expect(crossSite.status).toBe(403);
			expect(await snapshot()).toEqual(before);
		});
	}

	it('lets an admin save a draft, publish it as version 2 with an audit entry, and discard the next draft', async () => {
		await services.db.delete(legalDocuments).where(isNull(legalDocuments.publishedAt));
		const saved = await postAction(base, '/admin/documents/privacy?/save', text, { cookie: cookies.admin });
		expect(saved.status).toBe(200);
		const drafts = await services.db.select().from(legalDocuments).where(eq(legalDocuments.kind, 'privacy'));
		expect(drafts.filter((d) => d.publishedAt === null)).toHaveLength(1);

		const unconfirmed = await postAction(base, '/admin/documents/privacy?/publish', text, { cookie: cookies.admin });
		expect(unconfirmed.status).toBe(400);
		expect(await unconfirmed.text()).toContain('data-testid="confirm-publish-error"');
		const noNote = await postAction(base, '/admin/documents/privacy?/publish', { ...text, changeNote: 'x', confirm: 'yes' }, { cookie: cookies.admin });
		expect(noNote.status).toBe(400);
		expect(await noNote.text()).toContain('data-testid="changeNote-error"');

		const published = await postAction(base, '/admin/documents/privacy?/publish', { ...text, confirm: 'yes' }, { cookie: cookies.admin });
		expect(published.status).toBe(200);
		const rows = await services.db.select().from(legalDocuments).where(eq(legalDocuments.kind, 'privacy'));
		expect(rows.map((r) => r.version).sort()).toEqual([1, 2]);
		const audit = await services.db.select().from(auditLog).where(eq(auditLog.action, 'legal.document_published'));
		expect(audit.map((a) => a.details)).toContainEqual({ kind: 'privacy', version: 2 });

		// Everyone who accepted version 1 is asked again.
		const home = await fetch(`${base}/`, { redirect: 'manual', headers: { cookie: cookies.participant } });
		expect(home.status).toBe(303);
		expect(home.headers.get('location')).toBe('/consent?returnTo=%2F');
		// The admin too; accepting lets them go on.
		await acceptDocuments({ db: services.db, clock: services.clock }, { userId: adminId, accepted: { privacy: 2 } });

		await postAction(base, '/admin/documents/privacy?/save', { ...text, changeNote: '' }, { cookie: cookies.admin });
		const unconfirmedDiscard = await postAction(base, '/admin/documents/privacy?/discard', {}, { cookie: cookies.admin });
		expect(unconfirmedDiscard.status).toBe(400);
		const discarded = await postAction(base, '/admin/documents/privacy?/discard', { confirm: 'yes' }, { cookie: cookies.admin });
		expect(discarded.status).toBe(200);
		const after = await services.db.select().from(legalDocuments).where(eq(legalDocuments.kind, 'privacy'));
		expect(after.map((r) => r.version).sort()).toEqual([1, 2]);
		const missing = await postAction(base, '/admin/documents/privacy?/discard', { confirm: 'yes' }, { cookie: cookies.admin });
		expect(missing.status).toBe(409);
	});

	it('answers bad input with the message next to the field, never a 500', async () => {
		const before = await snapshot();
		const res = await postAction(base, '/admin/documents/terms?/save', { titlePl: '', bodyPl: 'x'.repeat(100_001), titleEn: 'T', bodyEn: 'B', changeNote: '' }, { cookie: cookies.admin });
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(html).toContain('data-testid="titlePl-error"');
		expect(html).toContain('data-testid="bodyPl-error"');
		expect(await snapshot()).toEqual(before);
	});
});
