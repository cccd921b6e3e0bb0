import type { DbOrTx } from '../db/client';
import type { Clock } from '../platform/clock';
import { expireAwaiting } from './privacy.requests.repository';

/**
 * Closes requests whose confirmation link ran out (status `expired`) and erases their
 * contact address, message and token hash. Idempotent; run hourly with the retention sweeps.
 * Returns how many requests expired.
 */
export async function expireStaleRequests(deps: { db: DbOrTx; clock: Clock }): Promise<number> {
	return expireAwaiting(deps.db, deps.clock.now());
}
