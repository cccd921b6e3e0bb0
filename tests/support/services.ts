import pino from 'pino';
import { loadConfig } from '../../src/lib/server/config/config';
import { createServices, type Services } from '../../src/lib/server/services';
import type { Database } from '../../src/lib/server/db/client';
import { fixedClock, systemClock, type Clock } from '../../src/lib/server/platform/clock';

export { fixedClock };

/** Services over a test database, configured as the given environment would configure them. */
export function createTestServices(input: { database: Database; env?: Record<string, string>; clock?: Clock }): Services {
	const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...input.env });
	const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
	return createServices({ config, database: input.database, logger, clock: input.clock ?? systemClock });
}
