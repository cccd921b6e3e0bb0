import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { chromiumPath } from './chromium';
import { extraAccounts } from './accounts';
import { seedDatabase } from './seed';
import { startMailbox } from './mailbox';
import { freePort } from '../../support/net';

declare module 'vitest' {
	export interface ProvidedContext {
		/** Where the app under test listens, e.g. http://localhost:41234 */
		baseUrl: string;
		/** JSON list of the messages the app sent to the test SMTP server (tests/e2e/support/mailbox.ts). */
		mailboxUrl: string;
		/** The app's PostgreSQL database, when DATABASE_URL is set (else empty: PGlite, owned by the app). */
		databaseUrl: string;
	}
}

const ROOT = process.cwd();
const READY_TIMEOUT_MS = 60_000;
const SHUTDOWN_LIMIT_MS = 8_000;

/** A database of its own for the run, on the PostgreSQL named by DATABASE_URL. */
async function createDatabase(adminUrl: string) {
	const name = `e2e_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	try {
		await admin.unsafe(`create database "${name}"`);
	} finally {
		await admin.end();
	}
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return {
		url: url.href,
		async drop() {
			const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
			try {
				await dropper.unsafe(`drop database if exists "${name}" with (force)`);
			} finally {
				await dropper.end();
			}
		}
	};
}

const INHERITED_ENV = ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'TEMP', 'TMP', 'SystemRoot', 'NODE_EXTRA_CA_CERTS'];

/**
 * The app as installed: the sources, migrations and dependencies of the repository, and a
 * copy of build/ taken now, so that a `vite build` started while the suite runs (watch
 * mode, a second terminal) cannot pull files from under the running server. Run from its
 * own directory, the app also reads no developer's .env.
 */
function snapshotApp(runDir: string): string {
	const appDir = path.join(runDir, 'app');
	fs.mkdirSync(appDir);
	// E2E_BUILD_DIR: a build copied elsewhere (several builds at once on one checkout).
	fs.cpSync(process.env.E2E_BUILD_DIR ?? path.join(ROOT, 'build'), path.join(appDir, 'build'), { recursive: true });
	if (!fs.existsSync(path.join(appDir, 'build', 'handler.js'))) {
		throw new Error('build/ changed while it was copied (is a build running?): run the end-to-end tests again.');
	}
	for (const name of ['src', 'drizzle', 'node_modules', 'package.json']) {
		fs.symlinkSync(path.join(ROOT, name), path.join(appDir, name));
	}
	return appDir;
}

function tail(file: string, lines = 40): string {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no server log)';
	}
}

async function waitForReady(baseUrl: string, child: ChildProcess, logFile: string) {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	let last = 'no answer';
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`The app exited during start (code ${child.exitCode ?? child.signalCode}). Server log:\n${tail(logFile)}`);
		}
		try {
			const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
			if (response.status === 200) return;
			last = `HTTP ${response.status}: ${await response.text()}`;
		} catch (error) {
			last = (error as Error).message;
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`The app did not become ready within ${READY_TIMEOUT_MS / 1000}s (${last}). Server log:\n${tail(logFile)}`);
}

/** SIGKILL for the process and its descendants (tsx runs the app in a child node process). */
async function killTree(child: ChildProcess) {
	const descendants = (pid: number): number[] => {
		try {
			const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
			const kids = out.split('\n').map((l) => Number.parseInt(l.trim(), 10)).filter(Number.isInteger);
			return kids.flatMap((kid) => [...descendants(kid), kid]);
		} catch {
			return [];
		}
	};
	if (child.pid === undefined) return;
	for (const pid of [...descendants(child.pid), child.pid]) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
	await waitForExit(child, 5_000);
}

function waitForExit(child: ChildProcess, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | null> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(null), ms);
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal });
		});
	});
}

/**
 * Starts the built app as a user would (`tsx src/server/main.ts`) with a fresh data
 * directory (and a fresh PostgreSQL database when DATABASE_URL is set, which it drops
 * afterwards), seeded with unnamed accounts for the second page of users, waits for
 * /readyz, and hands the base URL to the tests. Teardown sends SIGTERM and requires a
 * clean exit: the graceful shutdown is part of what is tested.
 */
export default async function setup(project: TestProject) {
	chromiumPath();
	if (!fs.existsSync(path.join(ROOT, 'build', 'handler.js'))) {
		throw new Error('build/handler.js is missing: run `npm run build` before the end-to-end tests (npm test does it for you).');
	}

	const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wzp-e2e-'));
	const dataDir = path.join(runDir, 'data');
	const resultsDir = path.join(ROOT, 'test-results');
	fs.mkdirSync(resultsDir, { recursive: true });
	const logFile = path.join(resultsDir, 'e2e-server.log');
	const log = fs.openSync(logFile, 'w');
	let database: Awaited<ReturnType<typeof createDatabase>> | undefined;
	let child: ChildProcess | undefined;
	// The app sends its mail to a real SMTP server the journeys can read.
	const mailbox = await startMailbox();
	const cleanup = async () => {
		fs.closeSync(log);
		await mailbox.close();
		try {
			await database?.drop();
		} finally {
			fs.rmSync(runDir, { recursive: true, force: true });
		}
	};

	try {
		const appDir = snapshotApp(runDir);
		const accountsFile = path.join(runDir, 'dev-idp-accounts.json');
		fs.writeFileSync(accountsFile, JSON.stringify(extraAccounts, null, 2));
		if (process.env.DATABASE_URL) database = await createDatabase(process.env.DATABASE_URL);
		const port = await freePort();
		const baseUrl = `http://localhost:${port}`;
		// The development provider's issuer, so seeded accounts are the ones its users sign in to.
		await seedDatabase({ url: database?.url, dataDir, issuer: `${baseUrl}/dev-idp` });

		// The environment of a shell: none of the caller's app settings or test-runner leftovers.
		const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => INHERITED_ENV.includes(key)));
		Object.assign(env, {
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: baseUrl,
			DATA_DIR: dataDir,
			LOG_LEVEL: 'warn',
			DEV_IDP_ACCOUNTS_FILE: accountsFile,
			SMTP_URL: mailbox.smtpUrl,
			MAIL_WORKER_INTERVAL_MS: '200',
			...(database ? { DATABASE_URL: database.url } : {})
		});
		child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/server/main.ts'], { cwd: appDir, env, stdio: ['ignore', log, log] });
		await waitForReady(baseUrl, child, logFile);
		project.provide('baseUrl', baseUrl);
		project.provide('mailboxUrl', mailbox.inboxUrl);
		project.provide('databaseUrl', database?.url ?? '');
	} catch (error) {
		if (child) await killTree(child);
		await cleanup();
		throw error;
	}

	const server = child;
	return async () => {
		// What an operator's `kill` does: SIGTERM to the process (tsx passes it on to node).
		server.kill('SIGTERM');
		const exit = await waitForExit(server, SHUTDOWN_LIMIT_MS);
		if (!exit) await killTree(server);
		await cleanup();
		const problem = !exit
			? `The app did not shut down within ${SHUTDOWN_LIMIT_MS / 1000}s of SIGTERM.`
			: exit.code !== 0
				? `The app did not shut down cleanly after SIGTERM (exit ${exit.code ?? exit.signal}).`
				: null;
		if (problem) {
			// Vitest reports a teardown error but would still exit 0: fail the run explicitly.
			process.exitCode = 1;
			throw new Error(`${problem} Graceful shutdown is part of the end-to-end suite. Server log:\n${tail(logFile)}`);
		}
	};
}
