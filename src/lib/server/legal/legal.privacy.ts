import { asc, eq, or } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client';
import type { PrivacyProvider } from '../privacy/privacy.types';
import { documentAcceptances, legalDocuments, processingConsents } from './legal.tables';

/**
 * Which versions of the terms and the privacy policy the person accepted and when, and
 * the history of their consents to optional processing (GDPR art. 7(1): the controller
 * must be able to show consent). Documents an administrator wrote or published stay,
 * without the link to them.
 */
export const legalPrivacy = {
	domain: 'consents',
	declarations: [
		{ table: 'document_acceptances', userColumns: ['user_id'], fields: ['document', 'version', 'accepted at'], purpose: 'proof of accepting the terms and the privacy policy', erasure: 'deleted' },
		{ table: 'processing_consents', userColumns: ['user_id'], fields: ['purpose', 'granted or withdrawn', 'when'], purpose: 'proof of consent to optional processing', erasure: 'deleted' },
		{
			table: 'legal_documents',
			userColumns: ['created_by', 'published_by'],
			fields: ['documents drafted or published'],
			purpose: 'who prepared a version of the terms or policy',
			erasure: 'unlinked'
		}
	],
	async export(db: DbOrTx, userId: string) {
		const acceptances = await db
			.select({ kind: documentAcceptances.kind, version: documentAcceptances.version, acceptedAt: documentAcceptances.acceptedAt })
			.from(documentAcceptances)
			.where(eq(documentAcceptances.userId, userId))
			.orderBy(asc(documentAcceptances.acceptedAt));
		const consents = await db
			.select({ purpose: processingConsents.purpose, granted: processingConsents.granted, at: processingConsents.at })
			.from(processingConsents)
			.where(eq(processingConsents.userId, userId))
			.orderBy(asc(processingConsents.at));
		const authored = await db
			.select({ kind: legalDocuments.kind, version: legalDocuments.version, createdBy: legalDocuments.createdBy, publishedAt: legalDocuments.publishedAt })
			.from(legalDocuments)
			.where(or(eq(legalDocuments.createdBy, userId), eq(legalDocuments.publishedBy, userId)));
		return {
			data: {
				acceptances,
				consents,
				documentsPrepared: authored.map((d) => ({ kind: d.kind, version: d.version, drafted: d.createdBy === userId, publishedAt: d.publishedAt }))
			}
		};
	},
	async erase(tx: Tx, userId: string) {
		await tx.delete(documentAcceptances).where(eq(documentAcceptances.userId, userId));
		await tx.delete(processingConsents).where(eq(processingConsents.userId, userId));
		await tx.update(legalDocuments).set({ createdBy: null }).where(eq(legalDocuments.createdBy, userId));
		await tx.update(legalDocuments).set({ publishedBy: null }).where(eq(legalDocuments.publishedBy, userId));
	}
} satisfies PrivacyProvider;
