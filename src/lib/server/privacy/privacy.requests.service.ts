import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { privacyRequests, type RequestKind, type RequestStatus } from './privacy.tables';

/**
 * Privacy requests handled as cases (export, deletion, inquiry). STUB: the flows are
 * to be implemented (issue 4); listRequestsOfUser is final.
 */
export interface RequestSummary {
	id: string;
	kind: RequestKind;
	status: RequestStatus;
	requestedAt: Date;
	dueAt: Date;
	closedAt: Date | null;
	resolution: string | null;
}

/** The person's own requests, newest first (shown on "My data"). */
export async function listRequestsOfUser(db: DbOrTx, userId: string): Promise<RequestSummary[]> {
	return db
		.select({
			id: privacyRequests.id,
			kind: privacyRequests.kind,
			status: privacyRequests.status,
			requestedAt: privacyRequests.requestedAt,
			dueAt: privacyRequests.dueAt,
			closedAt: privacyRequests.closedAt,
			resolution: privacyRequests.resolution
		})
		.from(privacyRequests)
		.where(eq(privacyRequests.userId, userId))
		.orderBy(desc(privacyRequests.requestedAt))
		.limit(100);
}
