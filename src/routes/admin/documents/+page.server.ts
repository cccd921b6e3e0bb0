import { requireCapability } from '$lib/server/kit/guards';
import { documentKinds, documentOverview } from '$lib/server/legal/index';
import type { PageServerLoad } from './$types';

/** Per kind: the version in force, the draft if any, and the latest published versions. */
export const load: PageServerLoad = async (event) => {
	requireCapability(event, 'legal:manage');
	const db = event.locals.services.db;
	const documents = await Promise.all(documentKinds.map((kind) => documentOverview(db, kind)));
	return {
		documents: documents.map((d) => ({
			kind: d.kind,
			draftSavedAt: d.draftSavedAt?.toISOString() ?? null,
			versions: d.versions.map((v) => ({ ...v, publishedAt: v.publishedAt.toISOString() })),
			hasMore: d.hasMore
		}))
	};
};
