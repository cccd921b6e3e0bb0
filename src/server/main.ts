import fs from 'node:fs';
import closeWithGrace from 'close-with-grace';
import { loadConfig, ConfigError } from '../lib/server/config/config';
import { openDatabase } from '../lib/server/db/client';
import { createLogger } from '../lib/server/platform/logger';
import { systemClock } from '../lib/server/platform/clock';
import { createServices } from '../lib/server/services';
import { setRuntimeServices } from '../lib/server/runtime';
import { seedDemo } from '../lib/server/seed/seed.service';
import { purgeExpired } from '../lib/server/auth/index';
import { buildApp } from './app';
import { createDigestScheduler } from '../lib/server/notifications/notifications.jobs';
import { ensureDefaultDocuments } from '../lib/server/legal/legal.defaults';
import { createRetentionScheduler } from '../lib/server/privacy/privacy.jobs';
import { expireStaleRequests } from '../lib/server/privacy/privacy.requests.jobs';
import { createAttemptSweeper } from '../lib/server/quiz/attempts.jobs';

/**
 * The composition root: config -> database -> migrations -> services -> app -> listen.
 * Every resource registers its close; SIGTERM stops accepting, lets in-flight requests
 * finish, stops the workers and closes the database.
 */
async function main() {
	// A local .env is a convenience for development; real deployments set the environment.
	if (fs.existsSync('.env')) process.loadEnvFile('.env');
	let config;
	try {
		config = loadConfig();
	} catch (error) {
		if (error instanceof ConfigError) {
			console.error(error.message);
			process.exit(78);
		}
		throw error;
	}
	const dev = process.argv.includes('--dev');
	const logger = createLogger(config.logLevel);
	const database = await openDatabase({
		url: config.database.url,
		dataDir: config.database.url ? undefined : `${config.dataDir}/pglite`,
		poolMax: config.database.poolMax,
		connectTimeoutSeconds: config.database.connectTimeoutSeconds,
		queryTimeoutSeconds: config.database.queryTimeoutSeconds
	});
	logger.info({ driver: database.driver, dataDir: database.driver === 'pglite' ? config.dataDir : undefined }, 'database opened');
	await database.migrate();
	logger.info('migrations applied');

	const services = createServices({ config, database, logger, clock: systemClock });
	// The terms of use and the privacy policy must exist before anyone signs in (version 1
	// from the built-in texts; administrators publish the office's own versions).
	const published = await ensureDefaultDocuments(services.db, services.clock, { privacy: config.privacy });
	if (published.length > 0) logger.info({ published }, 'default terms and privacy policy published');
	if (config.seedDemo) await seedDemo(services);
	setRuntimeServices(services);

	const app = await buildApp({ services, pages: dev ? 'dev' : 'build', devIdpAccountsFile: process.env.DEV_IDP_ACCOUNTS_FILE });
	services.mail.start();
	const digests = createDigestScheduler({ db: services.db, clock: services.clock, mail: services.mail, origin: config.origin, logger });
	digests.start();
	const retention = createRetentionScheduler({ db: services.db, clock: services.clock, config, logger });
	retention.start();
	const attemptSweeper = createAttemptSweeper({ db: services.db, clock: services.clock, logger });
	attemptSweeper.start();
	const sweeper = setInterval(() => {
		purgeExpired(services.auth).catch((error) => logger.error({ err: error }, 'session purge failed'));
		expireStaleRequests({ db: services.db, clock: services.clock })
			.then((expired) => expired > 0 && logger.info({ expired }, 'unconfirmed privacy requests expired'))
			.catch((error) => logger.error({ err: error }, 'privacy request expiry failed'));
	}, 15 * 60_000);
	sweeper.unref();

	// What stops the process (ARCHITECTURE.md, "Faults"): a shutdown signal (graceful close,
	// exit 0) and an uncaught exception (the process state is unknown: graceful close, exit 1,
	// the supervisor starts a fresh one). A rejected promise nobody awaited is not: it belongs to
	// one operation (one request's lost database connection), so it is logged and the rest go on.
	process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection (not fatal)'));
	closeWithGrace({ delay: config.shutdownTimeoutMs, logger, skip: ['unhandledRejection'] }, async ({ signal, err }) => {
		if (err) logger.error({ err }, 'closing after error');
		logger.info({ signal }, 'shutting down');
		clearInterval(sweeper);
		await app.close();
		await attemptSweeper.stop();
		await retention.stop();
		await digests.stop();
		await services.mail.stop();
		await database.close();
		setRuntimeServices(undefined);
		logger.info('shut down cleanly');
	});

	await app.listen({ port: config.port, host: config.host });
	logger.info({ origin: config.origin, mode: dev ? 'development (Vite)' : 'built' }, 'platform listening');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
