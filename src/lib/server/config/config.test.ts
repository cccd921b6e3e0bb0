import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from './config';

describe('configuration', () => {
	it('runs with no configuration on embedded defaults: port 3000, PGlite under ./data, the development identity provider', () => {
		const config = loadConfig({});
		expect(config.port).toBe(3000);
		expect(config.origin).toBe('http://localhost:3000');
		expect(config.database.url).toBeUndefined();
		expect(config.dataDir.endsWith('/data')).toBe(true);
		expect(config.oidc.devIdp).toBe(true);
		expect(config.oidc.issuer).toBe('http://localhost:3000/dev-idp');
		expect(config.oidc.redirectUri).toBe('http://localhost:3000/auth/callback');
		expect(config.mail.smtpUrl).toBeUndefined();
		expect(config.secureCookies).toBe(false);
	});

	it('derives ORIGIN from PORT in development so form posts pass the origin check', () => {
		expect(loadConfig({ PORT: '4123' }).origin).toBe('http://localhost:4123');
	});

	it('fails fast naming the variable when a value is invalid', () => {
		expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
		expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
		expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
		expect(() => loadConfig({ OIDC_FIELD_EMAIL: 'email:sometimes' })).toThrow(/OIDC_FIELD_EMAIL/);
	});

	it('requires the whole OIDC connection and ORIGIN once any part is given', () => {
		expect(() => loadConfig({ OIDC_ISSUER: 'https://sso.example.gov.pl/realms/x', ORIGIN: 'https://lms.example.gov.pl' })).toThrow(
			/OIDC_CLIENT_ID[\s\S]*OIDC_CLIENT_SECRET|OIDC_CLIENT_SECRET[\s\S]*OIDC_CLIENT_ID/
		);
		expect(() => loadConfig({ OIDC_ISSUER: 'https://sso.example/x', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' })).toThrow(/ORIGIN/);
	});

	it('refuses the development identity provider in production unless explicitly enabled', () => {
		expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DEV_IDP_ENABLED/);
		expect(loadConfig({ NODE_ENV: 'production', DEV_IDP_ENABLED: 'true' }).oidc.devIdp).toBe(true);
	});

	it('uses a real provider and secure cookies with an https ORIGIN', () => {
		const config = loadConfig({
			NODE_ENV: 'production',
			ORIGIN: 'https://lms.example.gov.pl',
			OIDC_ISSUER: 'https://sso.example.gov.pl/realms/region',
			OIDC_CLIENT_ID: 'lms',
			OIDC_CLIENT_SECRET: 's3cret',
			OIDC_ROLES_CLAIM: 'groups'
		});
		expect(config.oidc.devIdp).toBe(false);
		expect(config.oidc.redirectUri).toBe('https://lms.example.gov.pl/auth/callback');
		expect(config.oidc.rolesClaim).toBe('groups');
		expect(config.secureCookies).toBe(true);
		expect(config.seedDemo).toBe(false);
	});

	it('reads the claim mapping and rule of each profile field', () => {
		const config = loadConfig({ OIDC_FIELD_GIVEN_NAME: 'firstName:create', OIDC_FIELD_PICTURE: 'avatar' });
		expect(config.oidc.fields.given_name).toEqual({ claim: 'firstName', rule: 'create' });
		expect(config.oidc.fields.picture).toEqual({ claim: 'avatar', rule: 'create' });
		expect(config.oidc.fields.email).toEqual({ claim: 'email', rule: 'login' });
	});
});
