import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import { fixedClock } from '../platform/clock';
import type { Database } from '../db/client';
import { users } from '../users/users.tables';
import { auditLog } from '../admin/admin.tables';
import { documentAcceptances, legalDocuments, processingConsents } from './legal.tables';
import { ensureDefaultDocuments } from './legal.defaults';
import {
	acceptDocuments,
	consentOverview,
	consentPage,
	currentDocument,
	discardDraft,
	documentVersion,
	draftOrCurrent,
	hasConsent,
	listVersions,
	pendingDocuments,
	publishDraft,
	saveDraft,
	setConsent
} from './legal.service';

const content = (n: string, changeNote = `Zmiana ${n}`) => ({
	titlePl: `Regulamin ${n}`,
	bodyPl: `## Treść ${n}\n\n<script>alert(1)</script>`,
	titleEn: `Terms ${n}`,
	bodyEn: `## Body ${n}`,
	changeNote
});

describe.each(testDrivers())('legal documents and consents on %s', (driver) => {
	let database: Database;
	const clock = fixedClock();
	const deps = () => ({ db: database.db, clock });
	let admin: string;

	async function person() {
		const [row] = await database.db.insert(users).values({ issuer: 'https://sso.test', subject: randomUUID(), givenName: 'Ala' }).returning();
		return row.id;
	}

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		admin = await person();
	});
	afterAll(async () => {
		await database?.close();
	});
	beforeEach(async () => {
		await database.db.delete(documentAcceptances);
		await database.db.delete(processingConsents);
		await database.db.delete(legalDocuments);
	});

	it('publishes the default terms and privacy policy once, however often and concurrently it runs', async () => {
		const results = await Promise.all([ensureDefaultDocuments(database.db, clock), ensureDefaultDocuments(database.db, clock)]);
		expect(results.flat().sort()).toEqual(['privacy', 'terms']);
		expect(await ensureDefaultDocuments(database.db, clock, { privacy: { accessLogRetentionDays: 30 } })).toEqual([]);
		const rows = await database.db.select().from(legalDocuments);
		expect(rows.map((r) => `${r.kind}:${r.version}`).sort()).toEqual(['privacy:1', 'terms:1']);
		const privacy = await currentDocument(database.db, 'privacy');
		expect(privacy.bodyPl).toContain('90 dni');
		expect(privacy.bodyPl).toContain('72 godzin');
		expect(privacy.bodyEn).toContain('72 hours');
	});

	it('keeps one draft per kind, starting from a copy of the current version, and numbers publications 1, 2, …', async () => {
		expect((await draftOrCurrent(database.db, 'terms')).source).toBe('empty');
		await saveDraft(deps(), { kind: 'terms', actorId: admin, content: content('A') });
		await saveDraft(deps(), { kind: 'terms', actorId: admin, content: content('B') });
		const drafts = await database.db.select().from(legalDocuments).where(eq(legalDocuments.kind, 'terms'));
		expect(drafts).toHaveLength(1);
		expect(drafts[0].titlePl).toBe('Regulamin B');
		expect(await publishDraft(deps(), { kind: 'terms', actorId: admin })).toEqual({ version: 1 });

		const start = await draftOrCurrent(database.db, 'terms');
		expect(start.source).toBe('current');
		expect(start.content).toMatchObject({ titlePl: 'Regulamin B', changeNote: '' });

		clock.advance(60_000);
		expect(await publishDraft(deps(), { kind: 'terms', actorId: admin, content: content('C') })).toEqual({ version: 2 });
		expect((await currentDocument(database.db, 'terms')).titlePl).toBe('Regulamin C');
		expect((await documentVersion(database.db, 'terms', 1)).titlePl).toBe('Regulamin B');
		const list = await listVersions(database.db, 'terms');
		expect(list.versions.map((v) => v.version)).toEqual([2, 1]);
		expect(list.versions[0]).toMatchObject({ changeNote: 'Zmiana C', publishedBy: 'Ala' });
		await expect(documentVersion(database.db, 'terms', 3)).rejects.toMatchObject({ code: 'legal.not_found' });
		await expect(currentDocument(database.db, 'privacy')).rejects.toMatchObject({ code: 'legal.not_found' });

		const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'legal.document_published'));
		expect(audit.map((a) => a.details)).toEqual(expect.arrayContaining([{ kind: 'terms', version: 1 }, { kind: 'terms', version: 2 }]));
	});

	it('never changes a published version: saving edits only the draft, and discarding drops only the draft', async () => {
		await publishDraft(deps(), { kind: 'privacy', actorId: admin, content: content('P1') });
		await saveDraft(deps(), { kind: 'privacy', actorId: admin, content: content('P2') });
		expect((await currentDocument(database.db, 'privacy')).titlePl).toBe('Regulamin P1');
		await discardDraft(deps(), { kind: 'privacy', actorId: admin });
		expect((await draftOrCurrent(database.db, 'privacy')).source).toBe('current');
		await expect(discardDraft(deps(), { kind: 'privacy', actorId: admin })).rejects.toMatchObject({ code: 'legal.no_draft' });
		await expect(publishDraft(deps(), { kind: 'privacy', actorId: admin })).rejects.toMatchObject({ code: 'legal.no_draft' });
		const published = await database.db.select().from(legalDocuments).where(and(eq(legalDocuments.kind, 'privacy'), isNotNull(legalDocuments.publishedAt)));
		expect(published).toHaveLength(1);
	});

	it('refuses to publish without a change note of at least 3 characters', async () => {
		await saveDraft(deps(), { kind: 'terms', actorId: admin, content: content('X', ' a ') });
		await expect(publishDraft(deps(), { kind: 'terms', actorId: admin })).rejects.toMatchObject({ code: 'legal.change_note_required' });
		expect((await draftOrCurrent(database.db, 'terms')).source).toBe('draft');
	});

	it('gives two admins publishing at once two distinct versions or refuses one, never a duplicate', async () => {
		await publishDraft(deps(), { kind: 'terms', actorId: admin, content: content('0') });
		// The same draft published twice at once: one wins, the other finds no draft.
		await saveDraft(deps(), { kind: 'terms', actorId: admin, content: content('1') });
		const same = await Promise.allSettled([publishDraft(deps(), { kind: 'terms', actorId: admin }), publishDraft(deps(), { kind: 'terms', actorId: admin })]);
		expect(same.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect(same.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: expect.stringMatching(/^legal\.(no_draft|publish_conflict)$/) } });
		// Two edited texts published at once.
		const both = await Promise.allSettled([
			publishDraft(deps(), { kind: 'terms', actorId: admin, content: content('2a') }),
			publishDraft(deps(), { kind: 'terms', actorId: admin, content: content('2b') })
		]);
		for (const r of both) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: expect.stringMatching(/^legal\./) });
		expect(both.some((r) => r.status === 'fulfilled')).toBe(true);
		const versions = (await database.db.select().from(legalDocuments).where(eq(legalDocuments.kind, 'terms'))).map((r) => r.version);
		const numbers = versions.filter((v): v is number => v !== null).sort();
		expect(new Set(numbers).size).toBe(numbers.length);
		expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
	});

	it('asks a new person to accept every published document, and again after a new version', async () => {
		await ensureDefaultDocuments(database.db, clock);
		const userId = await person();
		expect(await pendingDocuments(database.db, userId)).toEqual(['privacy', 'terms']);
		const first = await consentPage(database.db, { userId, locale: 'pl' });
		expect(first.firstTime).toBe(true);
		expect(first.pending.map((p) => [p.kind, p.version, p.updated])).toEqual([['terms', 1, false], ['privacy', 1, false]]);
		expect(first.pending[0].html).not.toContain('<script');

		clock.advance(1000);
		const at = clock.now();
		await acceptDocuments(deps(), { userId, accepted: { terms: 1, privacy: 1 } });
		expect(await pendingDocuments(database.db, userId)).toEqual([]);
		const rows = await database.db.select().from(documentAcceptances).where(eq(documentAcceptances.userId, userId));
		expect(rows.map((r) => ({ kind: r.kind, version: r.version, at: r.acceptedAt.toISOString() })).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
			{ kind: 'privacy', version: 1, at: at.toISOString() },
			{ kind: 'terms', version: 1, at: at.toISOString() }
		]);
		expect(await hasConsent(database.db, userId, 'ranking')).toBe(false);

		await publishDraft(deps(), { kind: 'terms', actorId: admin, content: content('v2', 'Nowy paragraf o rankingach') });
		expect(await pendingDocuments(database.db, userId)).toEqual(['terms']);
		const again = await consentPage(database.db, { userId, locale: 'en' });
		expect(again.firstTime).toBe(false);
		expect(again.pending).toMatchObject([{ kind: 'terms', version: 2, updated: true, title: 'Terms v2', changeNote: 'Nowy paragraf o rankingach' }]);
	});

	it('refuses an acceptance of a version that is no longer current, or with a document left out, recording nothing', async () => {
		await ensureDefaultDocuments(database.db, clock);
		const userId = await person();
		await expect(acceptDocuments(deps(), { userId, accepted: { terms: 1 } })).rejects.toMatchObject({ code: 'legal.acceptance_required', details: { kinds: ['privacy'] } });
		// A new terms version is published while the page with version 1 is open.
		await publishDraft(deps(), { kind: 'terms', actorId: admin, content: content('v2') });
		await expect(acceptDocuments(deps(), { userId, accepted: { terms: 1, privacy: 1 }, ranking: true })).rejects.toMatchObject({
			code: 'legal.version_changed',
			details: { kinds: ['terms'] }
		});
		expect(await database.db.select().from(documentAcceptances).where(eq(documentAcceptances.userId, userId))).toEqual([]);
		expect(await hasConsent(database.db, userId, 'ranking')).toBe(false);
		await acceptDocuments(deps(), { userId, accepted: { terms: 2, privacy: 1 }, ranking: true });
		expect(await pendingDocuments(database.db, userId)).toEqual([]);
		expect(await hasConsent(database.db, userId, 'ranking')).toBe(true);
	});

	it('keeps the ranking consent as a history: off by default, the latest choice wins, every change dated', async () => {
		const userId = await person();
		expect(await hasConsent(database.db, userId, 'ranking')).toBe(false);
		await setConsent(deps(), { userId, purpose: 'ranking', granted: true });
		expect(await hasConsent(database.db, userId, 'ranking')).toBe(true);
		// Same clock reading: the withdrawal still comes after the grant.
		await setConsent(deps(), { userId, purpose: 'ranking', granted: false });
		expect(await hasConsent(database.db, userId, 'ranking')).toBe(false);
		clock.advance(5_000);
		await setConsent(deps(), { userId, purpose: 'ranking', granted: true });
		const overview = await consentOverview(database.db, { userId, purpose: 'ranking', page: 1 });
		expect(overview.granted).toBe(true);
		expect(overview.history.map((h) => h.granted)).toEqual([true, false, true]);
		expect(overview.total).toBe(3);
		const other = await person();
		expect(await hasConsent(database.db, other, 'ranking')).toBe(false);
	});
});
