import { z } from 'zod';
import path from 'node:path';

/**
 * The one validated configuration of the platform. Read once at start from the
 * environment; an invalid value stops the process with a message naming the variable.
 */

const profileFields = ['given_name', 'family_name', 'email', 'picture'] as const;
export type ProfileField = (typeof profileFields)[number];
export type SyncRule = 'create' | 'login';
export interface FieldMapping {
	claim: string;
	/** `create`: set when the account is created only; `login`: refreshed at every login and locked in the profile. */
	rule: SyncRule;
}

const bool = z
	.enum(['true', 'false', '1', '0', 'yes', 'no'])
	.transform((v) => v === 'true' || v === '1' || v === 'yes');

const fieldMapping = (defaultClaim: string, defaultRule: SyncRule) =>
	z
		.string()
		.regex(/^[A-Za-z0-9_.:-]+$/, 'expected <claim>[:create|:login]')
		.default(`${defaultClaim}:${defaultRule}`)
		.transform((value, ctx): FieldMapping => {
			const [claim, rule = defaultRule] = value.split(':');
			if (rule !== 'create' && rule !== 'login') {
				ctx.addIssue({ code: 'custom', message: `rule must be "create" or "login", got "${rule}"` });
				return z.NEVER;
			}
			return { claim, rule };
		});

const envSchema = z
	.object({
		NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
		PORT: z.coerce.number().int().min(0).max(65535).default(3000),
		HOST: z.string().default('0.0.0.0'),
		ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
		TRUST_PROXY: bool.default(false),
		LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
		DATA_DIR: z.string().min(1).default('./data'),
		DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
		DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
		DATABASE_CONNECT_TIMEOUT: z.coerce.number().int().min(1).max(120).default(5),
		DATABASE_QUERY_TIMEOUT: z.coerce.number().int().min(1).max(600).default(15),
		OIDC_ISSUER: z.url().optional(),
		OIDC_CLIENT_ID: z.string().min(1).optional(),
		OIDC_CLIENT_SECRET: z.string().min(1).optional(),
		OIDC_SCOPES: z.string().default('openid profile email'),
		OIDC_TIMEOUT: z.coerce.number().int().min(1).max(60).default(5),
		OIDC_ROLES_CLAIM: z.string().optional(),
		OIDC_ROLE_TRAINER: z.string().default('trainer'),
		OIDC_ROLE_ADMIN: z.string().default('admin'),
		OIDC_ROLE_SPECIALIST: z.string().default('specialist'),
		OIDC_FIELD_GIVEN_NAME: fieldMapping('given_name', 'login'),
		OIDC_FIELD_FAMILY_NAME: fieldMapping('family_name', 'login'),
		OIDC_FIELD_EMAIL: fieldMapping('email', 'login'),
		OIDC_FIELD_PICTURE: fieldMapping('picture', 'create'),
		DEV_IDP_ENABLED: bool.optional(),
		SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
		SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
		SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
		MAIL_FROM: z.string().min(3).default('Platforma szkoleniowa <no-reply@localhost>'),
		MAIL_WORKER_INTERVAL_MS: z.coerce.number().int().min(50).default(2000),
		MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
		AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
		CONTACT_EMAIL: z.email().optional(),
		DPO_EMAIL: z.email().optional(),
		ACCESS_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
		MAIL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
		PRIVACY_LINK_TTL_HOURS: z.coerce.number().int().min(1).max(168).default(24),
		PRIVACY_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(5),
		SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10000),
		SEED_DEMO: bool.optional()
	})
	.superRefine((env, ctx) => {
		const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
		if (oidc.some(Boolean) && !oidc.every(Boolean)) {
			for (const key of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const) {
				if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when any OIDC_* connection variable is set' });
			}
		}
		if (env.OIDC_ISSUER && !env.ORIGIN) {
			ctx.addIssue({ code: 'custom', path: ['ORIGIN'], message: 'required with OIDC_ISSUER (the callback URL is built from it)' });
		}
		if (!env.OIDC_ISSUER && env.NODE_ENV === 'production' && env.DEV_IDP_ENABLED !== true) {
			ctx.addIssue({
				code: 'custom',
				path: ['OIDC_ISSUER'],
				message: 'required in production; the built-in development identity provider refuses to run with NODE_ENV=production unless DEV_IDP_ENABLED=true'
			});
		}
	});

export type Config = ReturnType<typeof loadConfig>;

/** The bare address of a "Name <address>" sender. */
function mailAddress(from: string): string {
	return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

export class ConfigError extends Error {
	readonly code = 'config.invalid';
}

/** Parses and validates the environment. Throws ConfigError listing every bad variable by name. */
export function loadConfig(env: Record<string, string | undefined> = process.env) {
	const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
	const parsed = envSchema.safeParse(cleaned);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
		throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
	}
	const e = parsed.data;
	const origin = new URL(e.ORIGIN ?? `http://localhost:${e.PORT || 3000}`).origin;
	const devIdp = !e.OIDC_ISSUER;
	return {
		env: e.NODE_ENV,
		port: e.PORT,
		host: e.HOST,
		origin,
		secureCookies: origin.startsWith('https:'),
		trustProxy: e.TRUST_PROXY,
		logLevel: e.LOG_LEVEL,
		dataDir: path.resolve(e.DATA_DIR),
		database: {
			url: e.DATABASE_URL,
			poolMax: e.DATABASE_POOL_MAX,
			connectTimeoutSeconds: e.DATABASE_CONNECT_TIMEOUT,
			queryTimeoutSeconds: e.DATABASE_QUERY_TIMEOUT
		},
		oidc: {
			devIdp,
			issuer: e.OIDC_ISSUER ?? `${origin}/dev-idp`,
			clientId: e.OIDC_CLIENT_ID ?? 'platform-dev',
			clientSecret: e.OIDC_CLIENT_SECRET ?? 'dev-idp-client-secret-not-for-production',
			scopes: e.OIDC_SCOPES,
			timeoutSeconds: e.OIDC_TIMEOUT,
			redirectUri: `${origin}/auth/callback`,
			postLogoutRedirectUri: `${origin}/`,
			rolesClaim: e.OIDC_ROLES_CLAIM ?? (devIdp ? 'roles' : undefined),
			roleValues: { trainer: e.OIDC_ROLE_TRAINER, admin: e.OIDC_ROLE_ADMIN, specialist: e.OIDC_ROLE_SPECIALIST },
			fields: {
				given_name: e.OIDC_FIELD_GIVEN_NAME,
				family_name: e.OIDC_FIELD_FAMILY_NAME,
				email: e.OIDC_FIELD_EMAIL,
				picture: e.OIDC_FIELD_PICTURE
			} satisfies Record<ProfileField, FieldMapping>
		},
		session: {
			idleMs: e.SESSION_IDLE_MINUTES * 60_000,
			absoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000
		},
		mail: {
			smtpUrl: e.SMTP_URL,
			from: e.MAIL_FROM,
			workerIntervalMs: e.MAIL_WORKER_INTERVAL_MS,
			maxAttempts: e.MAIL_MAX_ATTEMPTS
		},
		/** Sign-in starts and callbacks per client address and minute (offices share one NAT address). */
		authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
		privacy: {
			/** Where a blocked person or anyone with a question writes to (shown on the blocked and contact pages). */
			contactEmail: e.CONTACT_EMAIL ?? mailAddress(e.MAIL_FROM),
			/** The Data Protection Officer (terms §5), shown in the privacy pages. */
			dpoEmail: e.DPO_EMAIL ?? e.CONTACT_EMAIL ?? mailAddress(e.MAIL_FROM),
			accessLogRetentionDays: e.ACCESS_LOG_RETENTION_DAYS,
			mailRetentionDays: e.MAIL_RETENTION_DAYS,
			/** How long an emailed confirmation link stays valid. */
			linkTtlMs: e.PRIVACY_LINK_TTL_HOURS * 3_600_000,
			/** Privacy requests (deletion, export, inquiry) per client address and hour; per email address it is the same number a day. */
			rateLimitPerHour: e.PRIVACY_RATE_LIMIT_PER_HOUR
		},
		shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
		seedDemo: e.SEED_DEMO ?? devIdp
	};
}
