import type { Config } from './config/config';
import type { Database } from './db/client';
import type { Logger } from './platform/logger';
import type { Clock } from './platform/clock';
import { createOidcClient, type OidcClient } from './platform/oidc';
import type { AuthDeps } from './auth/auth.service';
import { createMailer, type Mailer } from './mail/mail.service';
import { createFileStore, type FileStore } from './files/index';
import { createRateLimiter, type RateLimiter } from './privacy/privacy.rate-limit';

/** Everything a request handler may need, built once per process (the composition root's product). */
export interface Services {
	config: Config;
	database: Database;
	db: Database['db'];
	logger: Logger;
	clock: Clock;
	oidc: OidcClient;
	auth: AuthDeps;
	mail: Mailer;
	/** Uploaded files: storeFile() verifies and saves, readFile() streams back. */
	files: FileStore;
	/** Privacy requests and contact-form posts per client address and hour (in this process's memory). */
	privacyLimiter: RateLimiter;
}

export function createServices(input: { config: Config; database: Database; logger: Logger; clock: Clock }): Services {
	const { config, database, logger, clock } = input;
	const oidc = createOidcClient({
		issuer: config.oidc.issuer,
		clientId: config.oidc.clientId,
		clientSecret: config.oidc.clientSecret,
		scopes: config.oidc.scopes,
		redirectUri: config.oidc.redirectUri,
		postLogoutRedirectUri: config.oidc.postLogoutRedirectUri,
		timeoutSeconds: config.oidc.timeoutSeconds
	});
	const auth: AuthDeps = {
		db: database.db,
		clock,
		oidc,
		origin: config.origin,
		rules: { fields: config.oidc.fields, rolesClaim: config.oidc.rolesClaim, roleValues: config.oidc.roleValues },
		session: config.session
	};
	const mail = createMailer({ db: database.db, clock, logger, config: config.mail });
	const files = createFileStore({ db: database.db, dataDir: config.dataDir });
	const privacyLimiter = createRateLimiter({ limit: config.privacy.rateLimitPerHour, windowMs: 3_600_000, clock });
	return { config, database, db: database.db, logger, clock, oidc, auth, mail, files, privacyLimiter };
}
