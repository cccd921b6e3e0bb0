/**
 * `npx tsx bench/quiz.ts`: N participants take one quiz at the same time against the built
 * app on PostgreSQL, through the same HTTP requests the pages send: start (form action),
 * autosave of every answer (JSON endpoint, including a corrected answer and a replayed stale
 * one), and a double submission (two submits at once, as a double click or two tabs would).
 * Then it reads the database and counts lost answers (acknowledged by the server but not
 * stored) and duplicated attempts or gradings: both must be 0. Driven by a script, not a
 * timed test. Needs a build (`npm run build`; it loads ./build from the working directory)
 * and DATABASE_URL (a fresh database is created on that server and dropped afterwards).
 *
 * BENCH_PARTICIPANTS (default 50), BENCH_PORT (default 3918).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { eq, sql } from 'drizzle-orm';
import { loadConfig } from '../src/lib/server/config/config';
import { createTestDatabase } from '../tests/support/db';
import { createServices } from '../src/lib/server/services';
import { setRuntimeServices } from '../src/lib/server/runtime';
import { systemClock } from '../src/lib/server/platform/clock';
import { buildApp } from '../src/server/app';
import { signedInUser } from '../tests/support/sessions';
import { quizFixtures, sampleQuestions } from '../tests/support/quiz-fixtures';
import { attemptQuestions, quizAttempts } from '../src/lib/server/quiz/quiz.tables';
import type { QuestionResponse } from '../src/lib/quiz/questions';

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 50);
const PORT = Number(process.env.BENCH_PORT ?? 3918);

type Kind = 'start' | 'autosave' | 'submit';
const latencies: Record<Kind, number[]> = { start: [], autosave: [], submit: [] };
let errors = 0;

async function timed(kind: Kind, work: () => Promise<Response>) {
	const t0 = performance.now();
	const res = await work();
	const body = await res.text();
	latencies[kind].push(performance.now() - t0);
	return { res, body };
}

const pct = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))].toFixed(1) : '-';
};

/** Right answers of the sample questions, by question type. */
const rightAnswer: Record<string, QuestionResponse> = {
	single: { type: 'single', choice: 'a' },
	multiple: { type: 'multiple', choices: ['a', 'b'] },
	truefalse: { type: 'truefalse', value: true },
	shortanswer: { type: 'shortanswer', text: 'rodo' },
	numerical: { type: 'numerical', text: '72 h' }
};
const wrongAnswer: Record<string, QuestionResponse> = {
	single: { type: 'single', choice: 'b' },
	multiple: { type: 'multiple', choices: ['c'] },
	truefalse: { type: 'truefalse', value: false },
	shortanswer: { type: 'shortanswer', text: 'RODA' },
	numerical: { type: 'numerical', text: '24' }
};

/** JSON with sorted keys (jsonb does not keep key order). */
const canonical = (value: unknown): string => JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

async function main() {
	if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is required: this scenario measures PostgreSQL.');
	if (!fs.existsSync('build/handler.js')) throw new Error('Run `npm run build` first (./build/handler.js is missing).');
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wzp-bench-quiz-'));
	const origin = `http://127.0.0.1:${PORT}`;
	const config = loadConfig({ ...process.env, PORT: String(PORT), ORIGIN: origin, DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
	const database = await createTestDatabase('postgres');
	const services = createServices({ config, database, logger: pino({ level: 'silent' }), clock: systemClock });
	setRuntimeServices(services);
	const app = await buildApp({ services, pages: 'build' });
	await app.listen({ port: PORT, host: '127.0.0.1' });

	const definitions = [
		sampleQuestions.single(),
		sampleQuestions.multiple(),
		sampleQuestions.truefalse(),
		sampleQuestions.shortanswer(),
		sampleQuestions.numerical(),
		sampleQuestions.single(),
		sampleQuestions.truefalse(),
		sampleQuestions.numerical()
	];
	const made = await quizFixtures(services.db).quiz({ questions: definitions, settings: { questionsPerPage: 0, shuffleQuestions: true, passPercent: 50 }, completion: 'pass' });
	const quizPath = `/courses/${made.course.slug}/quiz/${made.activityId}`;
	const people: Awaited<ReturnType<typeof signedInUser>>[] = [];
	for (let i = 0; i < PARTICIPANTS; i++) {
		const person = await signedInUser(services, { givenName: `Uczestnik${i}` });
		await quizFixtures(services.db).enrol(made.course.id, person.user.id);
		people.push(person);
	}
	// Warm up the page code paths once.
	await (await fetch(`${origin}/`)).text();

	/** What the server acknowledged: attempt → slot → highest acknowledged seq and its response. */
	const acknowledged = new Map<string, Map<number, { seq: number; response: QuestionResponse }>>();
	const form = (cookie: string, fields: Record<string, string>) => ({
		method: 'POST',
		redirect: 'manual' as const,
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin, accept: 'text/html', cookie },
		body: new URLSearchParams(fields).toString()
	});

	async function participant(person: (typeof people)[number]) {
		const started = await timed('start', () => fetch(`${origin}${quizPath}?/start`, form(person.cookie, {})));
		const location = started.res.headers.get('location') ?? '';
		const attemptId = /attempt\/([0-9a-f-]{36})/.exec(location)?.[1];
		if (started.res.status !== 303 || !attemptId) {
			errors++;
			return;
		}
		const mine = new Map<number, { seq: number; response: QuestionResponse }>();
		acknowledged.set(attemptId, mine);
		// Which type sits in which slot (questions are shuffled per attempt).
		const rows = await services.db.select({ slot: attemptQuestions.slot, type: sql<string>`(select type from question_versions v where v.id = ${attemptQuestions.questionVersionId})` }).from(attemptQuestions).where(eq(attemptQuestions.attemptId, attemptId));
		const save = async (answers: { slot: number; seq: number; response: QuestionResponse }[]) => {
			const { res, body } = await timed('autosave', () =>
				fetch(`${origin}${quizPath}/attempt/${attemptId}/answers`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', origin, cookie: person.cookie },
					body: JSON.stringify({ answers })
				})
			);
			if (res.status !== 200) {
				errors++;
				return;
			}
			const result = JSON.parse(body) as { saved: { slot: number; seq: number }[] };
			for (const s of result.saved) {
				const sent = answers.find((a) => a.slot === s.slot && a.seq === s.seq);
				const known = mine.get(s.slot);
				if (sent && (!known || known.seq < s.seq)) mine.set(s.slot, { seq: s.seq, response: sent.response });
			}
		};
		for (const row of rows) {
			// a wrong first answer, corrected, then the first one replayed late (must be ignored)
			await save([{ slot: row.slot, seq: 1, response: wrongAnswer[row.type] }]);
			await save([{ slot: row.slot, seq: 2, response: rightAnswer[row.type] }]);
			await save([{ slot: row.slot, seq: 1, response: wrongAnswer[row.type] }]);
		}
		const submitPath = `${origin}${quizPath}/attempt/${attemptId}/summary?/submit`;
		const both = await Promise.all([
			timed('submit', () => fetch(submitPath, form(person.cookie, { confirm: 'yes' }))),
			timed('submit', () => fetch(submitPath, form(person.cookie, { confirm: 'yes' })))
		]);
		for (const s of both) if (s.res.status !== 303 || !(s.res.headers.get('location') ?? '').endsWith('/review')) errors++;
	}

	const t0 = performance.now();
	await Promise.all(people.map(participant));
	const seconds = (performance.now() - t0) / 1000;

	// Read back: every acknowledged answer must be stored; one finished attempt per person, graded once.
	let lost = 0;
	for (const [attemptId, slots] of acknowledged) {
		const stored = await services.db.select().from(attemptQuestions).where(eq(attemptQuestions.attemptId, attemptId));
		for (const [slot, ack] of slots) {
			const row = stored.find((r) => r.slot === slot);
			if (!row || row.responseSeq !== ack.seq || canonical(row.response) !== canonical(ack.response)) lost++;
		}
		if (slots.size !== stored.length) lost += stored.length - slots.size;
	}
	const attempts = await services.db.select().from(quizAttempts).where(eq(quizAttempts.quizId, made.activityId));
	const perUser = new Map<string, number>();
	for (const a of attempts) perUser.set(a.userId!, (perUser.get(a.userId!) ?? 0) + 1);
	const duplicated = [...perUser.values()].reduce((s, n) => s + (n - 1), 0);
	const notFinished = attempts.filter((a) => a.state !== 'finished').length;
	const wrongGrade = attempts.filter((a) => a.percent !== 100).length;
	const completions = await services.db.execute<{ n: number }>(sql`select count(*)::int as n from activity_completions where activity_id = ${made.activityId}`);
	const completionCount = Number((completions as unknown as { n: number }[])[0].n);

	const all = [...latencies.start, ...latencies.autosave, ...latencies.submit];
	console.log(`\nQuiz scenario: ${PARTICIPANTS} participants at once, ${definitions.length} questions each (3 autosaves per question, 2 simultaneous submits); PostgreSQL; node ${process.version}; ${os.cpus().length} CPUs\n`);
	console.log('| requests | count | p50 ms | p99 ms |\n|---|---:|---:|---:|');
	for (const kind of ['start', 'autosave', 'submit'] as Kind[]) console.log(`| ${kind} | ${latencies[kind].length} | ${pct(latencies[kind], 0.5)} | ${pct(latencies[kind], 0.99)} |`);
	console.log(`| all | ${all.length} | ${pct(all, 0.5)} | ${pct(all, 0.99)} |`);
	console.log(`\nThroughput: ${(all.length / seconds).toFixed(0)} requests/s over ${seconds.toFixed(1)} s; HTTP errors: ${errors}`);
	console.log(`Lost answers: ${lost}; duplicated attempts: ${duplicated}; attempts not finished: ${notFinished}; attempts not graded 100%: ${wrongGrade}; completions: ${completionCount} of ${PARTICIPANTS}`);

	await app.close();
	await database.close();
	fs.rmSync(dataDir, { recursive: true, force: true });
	if (lost || duplicated || notFinished || wrongGrade || errors || completionCount !== PARTICIPANTS) process.exitCode = 1;
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
