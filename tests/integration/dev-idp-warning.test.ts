import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/lib/server/config/config';
import { createServices } from '../../src/lib/server/services';
import { systemClock } from '../../src/lib/server/platform/clock';
import { createTestDatabase } from '../support/db';

async function startupLog(env: Record<string, string>) {
	const lines: { level: number; msg: string }[] = [];
	const sink = new Writable({
		write(chunk, _enc, done) {
			lines.push(JSON.parse(chunk.toString()));
			done();
		}
	});
	const database = await createTestDatabase('pglite');
	const services = createServices({ config: loadConfig(env), database, logger: pino({ level: 'info' }, sink), clock: systemClock });
	const app = await buildApp({ services, pages: 'none' });
	await app.ready();
	await app.close();
	await database.close();
	return lines;
}

describe('the development identity provider', () => {
	it('announces itself loudly as a warning at start', async () => {
		const lines = await startupLog({ NODE_ENV: 'test' });
		const warning = lines.find((l) => l.msg.includes('DEVELOPMENT IDENTITY PROVIDER'));
		expect(warning?.level).toBe(40);
	});

	it('is not mounted when a real provider is configured', async () => {
		const lines = await startupLog({
			NODE_ENV: 'test',
			ORIGIN: 'https://lms.example.gov.pl',
			OIDC_ISSUER: 'https://sso.example.gov.pl/realms/r',
			OIDC_CLIENT_ID: 'lms',
			OIDC_CLIENT_SECRET: 'secret'
		});
		expect(lines.some((l) => l.msg.includes('DEVELOPMENT IDENTITY PROVIDER'))).toBe(false);
	});

	it('warns once more when explicitly enabled in production', async () => {
		const lines = await startupLog({ NODE_ENV: 'production', DEV_IDP_ENABLED: 'true' });
		expect(lines.some((l) => l.level === 40 && l.msg.includes('DEV_IDP_ENABLED=true'))).toBe(true);
	});

	it('refuses to start the process with NODE_ENV=production unless explicitly enabled', () => {
		const result = spawnSync('node_modules/.bin/tsx', ['src/server/main.ts'], {
			env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: '0', DATA_DIR: '/nonexistent-should-not-be-created' },
			encoding: 'utf8',
			timeout: 80_000
		});
		expect(result.status).toBe(78);
		expect(result.stderr).toContain('OIDC_ISSUER');
		expect(result.stderr).toContain('DEV_IDP_ENABLED');
	});
});
