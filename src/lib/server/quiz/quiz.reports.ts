import { and, asc, desc, eq, ilike, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '../db/like';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client';
import { users } from '../users/users.tables';
import { toCsv } from '../platform/csv';
import { renderMarkdown } from '../platform/markdown';
import { attemptForbidden, questionNotFound } from './quiz.errors';
import { attemptQuestions, questionVersions, questions, quizAttempts, quizSlots } from './quiz.tables';
import { gradeResponse, fractionWithPenalty } from './grading';
import { recomputeAttempt } from './attempts.service';
import { managedQuiz, type Actor, type QuizAdminDeps } from './quiz.settings.service';
import type { AttemptsFilter } from './quiz.schemas';

/**
 * The trainer's reports of one quiz: attempts (table and CSV), the hand-grading queue,
 * regrading after a question fix, and item analysis. Course managers only: everyone
 * else gets 404/403 from managedQuiz and nothing is read or written.
 */

export const ATTEMPTS_PAGE_SIZE = 25;
import { markOutOfRange, attemptNotFinished } from './quiz.errors';
export { markOutOfRange, attemptNotFinished };

const fullName = sql<string | null>`nullif(trim(coalesce(${users.givenName}, '') || ' ' || coalesce(${users.familyName}, '')), '')`;

function attemptsWhere(quizId: string, filter: Pick<AttemptsFilter, 'state' | 'passed' | 'q'>): SQL | undefined {
	const conditions: (SQL | undefined)[] = [eq(quizAttempts.quizId, quizId)];
	if (filter.state === 'needs_grading') conditions.push(eq(quizAttempts.needsGrading, true));
	else if (filter.state === 'in_progress') conditions.push(inArray(quizAttempts.state, ['in_progress', 'overdue']));
	else if (filter.state !== 'all') conditions.push(eq(quizAttempts.state, filter.state));
	if (filter.passed === 'passed') conditions.push(eq(quizAttempts.passed, true));
	if (filter.passed === 'failed') conditions.push(eq(quizAttempts.passed, false));
	if (filter.q) {
		const pattern = containsPattern(filter.q);
		conditions.push(or(ilike(users.email, pattern), ilike(fullName, pattern), ilike(users.familyName, pattern)));
	}
	return and(...conditions);
}

const attemptColumns = {
	id: quizAttempts.id,
	userId: quizAttempts.userId,
	name: fullName,
	email: users.email,
	number: quizAttempts.number,
	state: quizAttempts.state,
	startedAt: quizAttempts.startedAt,
	submittedAt: quizAttempts.submittedAt,
	finishedBy: quizAttempts.finishedBy,
	sumMarks: quizAttempts.sumMarks,
	maxMarks: quizAttempts.maxMarks,
	percent: quizAttempts.percent,
	passed: quizAttempts.passed,
	needsGrading: quizAttempts.needsGrading
};

const durationSeconds = (a: { startedAt: Date; submittedAt: Date | null }) => (a.submittedAt ? Math.max(0, Math.round((a.submittedAt.getTime() - a.startedAt.getTime()) / 1000)) : null);

/** Attempts of the quiz, newest first, 25 a page, filtered by state, pass and a part of the name or email. */
export async function listAttempts(deps: QuizAdminDeps, input: { actor: Actor; courseId: string; activityId: string; filter: AttemptsFilter }) {
	const { course, quiz, title } = await managedQuiz(deps.db, input.actor, input.courseId, input.activityId);
	const where = attemptsWhere(quiz.activityId, input.filter);
	const [rows, [{ total }]] = await Promise.all([
		deps.db
			.select(attemptColumns)
			.from(quizAttempts)
			.leftJoin(users, eq(users.id, quizAttempts.userId))
			.where(where)
			.orderBy(desc(quizAttempts.startedAt), desc(quizAttempts.number))
			.limit(ATTEMPTS_PAGE_SIZE)
			.offset((input.filter.page - 1) * ATTEMPTS_PAGE_SIZE),
		deps.db.select({ total: sql<number>`count(*)::int` }).from(quizAttempts).leftJoin(users, eq(users.id, quizAttempts.userId)).where(where)
	]);
	// Questions of the attempts (any version), for the regrade form.
	const inAttempts = await deps.db
		.selectDistinct({ id: questions.id, name: sql<string>`(select v.name from question_versions v where v.question_id = ${questions.id} and v.version = ${questions.currentVersion})` })
		.from(attemptQuestions)
		.innerJoin(quizAttempts, eq(quizAttempts.id, attemptQuestions.attemptId))
		.innerJoin(questionVersions, eq(questionVersions.id, attemptQuestions.questionVersionId))
		.innerJoin(questions, eq(questions.id, questionVersions.questionId))
		.where(eq(quizAttempts.quizId, quiz.activityId));
	return {
		course: { id: course.id, slug: course.slug, title: course.title },
		quiz: { activityId: quiz.activityId, title, passPercent: quiz.passPercent },
		questions: inAttempts.sort((a, b) => a.name.localeCompare(b.name, 'pl')),
		total,
		hasNext: input.filter.page * ATTEMPTS_PAGE_SIZE < total,
		attempts: rows.map((a) => ({ ...a, durationSeconds: durationSeconds(a) }))
	};
}

/**
 * Every attempt matching the filter as CSV, one column per question (Q1..Qn, the mark).
 * Cells are neutralised by toCsv (a name such as "=cmd|…" is shown as text).
 */
export async function attemptsCsv(deps: QuizAdminDeps, input: { actor: Actor; courseId: string; activityId: string; filter: AttemptsFilter; headers: string[] }) {
	const { quiz, title } = await managedQuiz(deps.db, input.actor, input.courseId, input.activityId);
	const rows = await deps.db
		.select(attemptColumns)
		.from(quizAttempts)
		.leftJoin(users, eq(users.id, quizAttempts.userId))
		.where(attemptsWhere(quiz.activityId, input.filter))
		.orderBy(asc(users.familyName), asc(users.givenName), asc(quizAttempts.number))
		.limit(50_000);
	const ids = rows.map((r) => r.id);
	const marks = ids.length
		? await deps.db.select({ attemptId: attemptQuestions.attemptId, slot: attemptQuestions.slot, mark: attemptQuestions.mark }).from(attemptQuestions).where(inArray(attemptQuestions.attemptId, ids))
		: [];
	const slotCount = marks.reduce((top, m) => Math.max(top, m.slot + 1), 0);
	const byAttempt = new Map<string, (number | null)[]>();
	for (const m of marks) {
		const list = byAttempt.get(m.attemptId) ?? Array<number | null>(slotCount).fill(null);
		list[m.slot] = m.mark;
		byAttempt.set(m.attemptId, list);
	}
	const header = [...input.headers, ...Array.from({ length: slotCount }, (_, i) => `Q${i + 1}`)];
	const body = toCsv(
		header,
		rows.map((a) => [
			a.name ?? '',
			a.email ?? '',
			a.number,
			a.state,
			a.startedAt,
			a.submittedAt,
			durationSeconds(a),
			a.percent === null ? null : Math.round(a.percent * 100) / 100,
			a.passed,
			...(byAttempt.get(a.id) ?? Array(slotCount).fill(null))
		])
	);
	return { filename: `${title.slice(0, 60) || 'quiz'}-attempts.csv`, body };
}

/** Answers awaiting a trainer (essays), oldest submission first. */
export async function gradingQueue(deps: QuizAdminDeps, input: { actor: Actor; courseId: string; activityId: string }) {
	const { course, quiz, title } = await managedQuiz(deps.db, input.actor, input.courseId, input.activityId);
	const rows = await deps.db
		.select({ attemptId: attemptQuestions.attemptId, slot: attemptQuestions.slot, maxMark: attemptQuestions.maxMark, name: fullName, email: users.email, number: quizAttempts.number, submittedAt: quizAttempts.submittedAt, questionName: questionVersions.name })
		.from(attemptQuestions)
		.innerJoin(quizAttempts, eq(quizAttempts.id, attemptQuestions.attemptId))
		.innerJoin(questionVersions, eq(questionVersions.id, attemptQuestions.questionVersionId))
		.leftJoin(users, eq(users.id, quizAttempts.userId))
		.where(and(eq(quizAttempts.quizId, quiz.activityId), eq(quizAttempts.state, 'finished'), eq(attemptQuestions.state, 'needs_grading')))
		.orderBy(asc(quizAttempts.submittedAt), asc(attemptQuestions.slot))
		.limit(500);
	return { course: { id: course.id, slug: course.slug, title: course.title }, quiz: { activityId: quiz.activityId, title }, items: rows };
}

async function attemptOfQuiz(db: DbOrTx, quizId: string, attemptId: string, lock = false) {
	if (!/^[0-9a-f-]{36}$/i.test(attemptId)) throw attemptForbidden();
	const query = db.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId)).limit(1);
	const [attempt] = lock ? await query.for('update') : await query;
	// Another quiz's attempt is not this trainer's to see (it may be another course's).
	if (!attempt || attempt.quizId !== quizId) throw attemptForbidden();
	return attempt;
}

async function questionOfAttempt(db: DbOrTx, attemptId: string, slot: number) {
	const [row] = await db
		.select({ aq: attemptQuestions, version: questionVersions })
		.from(attemptQuestions)
		.innerJoin(questionVersions, eq(questionVersions.id, attemptQuestions.questionVersionId))
		.where(and(eq(attemptQuestions.attemptId, attemptId), eq(attemptQuestions.slot, slot)))
		.limit(1);
	if (!row) throw questionNotFound();
	return row;
}

/** One answer to grade by hand: the question, the response text, the grader's information and the current grade. */
export async function getGradingItem(deps: QuizAdminDeps, input: { actor: Actor; courseId: string; activityId: string; attemptId: string; slot: number }) {
	const { course, quiz, title } = await managedQuiz(deps.db, input.actor, input.courseId, input.activityId);
	const attempt = await attemptOfQuiz(deps.db, quiz.activityId, input.attemptId);
	const { aq, version } = await questionOfAttempt(deps.db, attempt.id, input.slot);
	const [person] = attempt.userId ? await deps.db.select({ name: fullName, email: users.email }).from(users).where(eq(users.id, attempt.userId)) : [];
	const response = aq.response;
	const answerText = response?.type === 'essay' ? response.text : response ? JSON.stringify(response) : '';
	return {
		course: { id: course.id, slug: course.slug, title: course.title },
		quiz: { activityId: quiz.activityId, title },
		attempt: { id: attempt.id, number: attempt.number, state: attempt.state, submittedAt: attempt.submittedAt, name: person?.name ?? null, email: person?.email ?? null },
		question: {
			slot: aq.slot,
			name: version.name,
			textHtml: renderMarkdown(version.textMd),
			graderInfoHtml: version.data.type === 'essay' ? renderMarkdown(version.data.graderInfo) : '',
			answerText,
			maxMark: aq.maxMark,
			mark: aq.mark,
			comment: aq.comment,
			state: aq.state,
			gradedAt: aq.gradedAt
		}
	};
}

/**
 * Grades one answer of a finished attempt by hand (mark 0..max, a comment), then
 * recomputes the attempt's totals, all in one transaction.
 */
export async function gradeAnswer(deps: QuizAdminDeps, input: { actor: Actor; courseId: string; activityId: string; attemptId: string; slot: number; mark: number; comment: string }) {
	await deps.db.transaction(async (tx) => {
		const { quiz } = await managedQuiz(tx, input.actor, input.courseId, input.activityId);
		const attempt = await attemptOfQuiz(tx, quiz.activityId, input.attemptId, true);
		if (attempt.state !== 'finished') throw attemptNotFinished();
		const { aq } = await questionOfAttempt(tx, attempt.id, input.slot);
		if (!(input.mark >= 0 && input.mark <= aq.maxMark + 1e-9)) throw markOutOfRange(aq.maxMark);
		const at = deps.clock.now();
		const mark = Math.min(aq.maxMark, Math.round(input.mark * 100) / 100);
		await tx
			.update(attemptQuestions)
			.set({ mark, fraction: aq.maxMark > 0 ? mark / aq.maxMark : 0, state: 'graded', comment: input.comment.trim(), gradedBy: input.actor.id, gradedAt: at })
			.where(and(eq(attemptQuestions.attemptId, attempt.id), eq(attemptQuestions.slot, aq.slot)));
		await recomputeAttempt(tx, { attemptId: attempt.id, at });
	});
}

const cv = alias(questionVersions, 'cv');
const near = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-9);

/**
 * Regrades the finished attempts of the quiz (only those holding `questionId`, when given):
 * optionally moves each answer to the question's current version (only when its type is
 * unchanged), grades the stored response again, takes the slot's current mark as the
 * maximum, and recomputes the attempt. Hand-graded answers keep their fraction. One
 * transaction per attempt (row locked). Returns how many attempts changed.
 */
export async function regrade(deps: QuizAdminDeps, input: { actor: Actor; courseId: string; activityId: string; questionId: string | null; toCurrentVersion: boolean }) {
	const { course, quiz } = await managedQuiz(deps.db, input.actor, input.courseId, input.activityId);
	if (input.questionId) {
		const [q] = await deps.db.select({ id: questions.id }).from(questions).where(and(eq(questions.id, input.questionId), eq(questions.courseId, course.id)));
		if (!q) throw questionNotFound();
	}
	const targets = await deps.db
		.selectDistinct({ id: quizAttempts.id })
		.from(quizAttempts)
		.innerJoin(attemptQuestions, eq(attemptQuestions.attemptId, quizAttempts.id))
		.innerJoin(questionVersions, eq(questionVersions.id, attemptQuestions.questionVersionId))
		.where(and(eq(quizAttempts.quizId, quiz.activityId), eq(quizAttempts.state, 'finished'), input.questionId ? eq(questionVersions.questionId, input.questionId) : undefined));
	// attempt_questions.slot is the position within the attempt (after shuffling), not quiz_slots.position:
	// a fixed question takes its slot's current mark; a question drawn at random keeps the mark it had.
	const markByQuestion = new Map(
		(await deps.db.select({ questionId: quizSlots.questionId, mark: quizSlots.mark }).from(quizSlots).where(eq(quizSlots.quizId, quiz.activityId)))
			.filter((s) => s.questionId !== null)
			.map((s) => [s.questionId as string, s.mark])
	);
	let changed = 0;
	for (const { id } of targets) {
		const didChange = await deps.db.transaction(async (tx) => {
			const attempt = await attemptOfQuiz(tx, quiz.activityId, id, true);
			if (attempt.state !== 'finished') return false;
			const rows = await tx
				.select({ aq: attemptQuestions, version: questionVersions, current: { id: cv.id, type: cv.type, data: cv.data, penalty: cv.penalty } })
				.from(attemptQuestions)
				.innerJoin(questionVersions, eq(questionVersions.id, attemptQuestions.questionVersionId))
				.innerJoin(questions, eq(questions.id, questionVersions.questionId))
				.leftJoin(cv, and(eq(cv.questionId, questions.id), eq(cv.version, questions.currentVersion)))
				.where(and(eq(attemptQuestions.attemptId, attempt.id), input.questionId ? eq(questions.id, input.questionId) : undefined, isNotNull(attemptQuestions.questionVersionId)));
			let any = false;
			for (const { aq, version, current } of rows) {
				const switchVersion = input.toCurrentVersion && !!current && current.id !== version.id && current.type === version.type;
				const data = switchVersion && current ? current.data : version.data;
				const penalty = switchVersion && current ? current.penalty : version.penalty;
				const maxMark = markByQuestion.get(version.questionId) ?? aq.maxMark;
				let fraction: number | null;
				let state = aq.state;
				if (aq.state === 'graded') fraction = aq.fraction;
				else {
					const graded = gradeResponse(data, aq.response);
					fraction = graded.fraction === null ? null : quiz.behaviour === 'interactive' && aq.tries > 1 ? fractionWithPenalty(graded.fraction, aq.tries, penalty) : graded.fraction;
					state = graded.state;
				}
				const mark = fraction === null ? null : Math.round(fraction * maxMark * 1e6) / 1e6;
				const versionId = switchVersion && current ? current.id : version.id;
				if (versionId === aq.questionVersionId && near(fraction, aq.fraction) && near(mark, aq.mark) && state === aq.state && near(maxMark, aq.maxMark)) continue;
				any = true;
				await tx
					.update(attemptQuestions)
					.set({ questionVersionId: versionId, fraction, mark, state, maxMark })
					.where(and(eq(attemptQuestions.attemptId, attempt.id), eq(attemptQuestions.slot, aq.slot)));
			}
			if (any) await recomputeAttempt(tx, { attemptId: attempt.id, at: deps.clock.now() });
			return any;
		});
		if (didChange) changed++;
	}
	return { checked: targets.length, changed };
}

/** Pearson correlation of two equal-length series; null when undefined (fewer than 2 points or no variance). */
export function pearson(xs: number[], ys: number[]): number | null {
	const n = xs.length;
	if (n < 2 || ys.length !== n) return null;
	const mx = xs.reduce((a, b) => a + b, 0) / n;
	const my = ys.reduce((a, b) => a + b, 0) / n;
	let sxy = 0;
	let sxx = 0;
	let syy = 0;
	for (let i = 0; i < n; i++) {
		sxy += (xs[i] - mx) * (ys[i] - my);
		sxx += (xs[i] - mx) ** 2;
		syy += (ys[i] - my) ** 2;
	}
	if (sxx < 1e-12 || syy < 1e-12) return null;
	return sxy / Math.sqrt(sxx * syy);
}

/** Below this discrimination index (×100) a question "does not tell strong from weak participants". */
export const WEAK_DISCRIMINATION = 30;

/**
 * Item analysis per slot over the first finished, fully graded attempt of each person
 * (Moodle's default; an erased person's attempts count each on their own).
 * Facility = mean fraction ×100; discrimination = Pearson correlation ×100 between the
 * question's fraction and the rest of the test (total marks minus this question's mark).
 */
export async function itemAnalysis(deps: QuizAdminDeps, input: { actor: Actor; courseId: string; activityId: string }) {
	const { course, quiz, title } = await managedQuiz(deps.db, input.actor, input.courseId, input.activityId);
	const attempts = await deps.db
		.select({ id: quizAttempts.id, userId: quizAttempts.userId, number: quizAttempts.number, sumMarks: quizAttempts.sumMarks })
		.from(quizAttempts)
		.where(and(eq(quizAttempts.quizId, quiz.activityId), eq(quizAttempts.state, 'finished'), eq(quizAttempts.needsGrading, false)))
		.orderBy(asc(quizAttempts.number));
	const firstOfEach = new Map<string, (typeof attempts)[number]>();
	for (const a of attempts) if (!firstOfEach.has(a.userId ?? a.id)) firstOfEach.set(a.userId ?? a.id, a);
	const chosen = [...firstOfEach.values()];
	const answers = chosen.length
		? await deps.db
				.select({ attemptId: attemptQuestions.attemptId, slot: attemptQuestions.slot, fraction: attemptQuestions.fraction, mark: attemptQuestions.mark, maxMark: attemptQuestions.maxMark, name: questionVersions.name, questionId: questionVersions.questionId })
				.from(attemptQuestions)
				.innerJoin(questionVersions, eq(questionVersions.id, attemptQuestions.questionVersionId))
				.where(inArray(attemptQuestions.attemptId, chosen.map((a) => a.id)))
		: [];
	const totals = new Map<string, number>();
	for (const a of answers) totals.set(a.attemptId, (totals.get(a.attemptId) ?? 0) + (a.mark ?? 0));
	const bySlot = new Map<number, typeof answers>();
	for (const a of answers) bySlot.set(a.slot, [...(bySlot.get(a.slot) ?? []), a]);
	const items = [...bySlot.entries()]
		.sort(([a], [b]) => a - b)
		.map(([slot, list]) => {
			const fractions = list.map((a) => a.fraction ?? 0);
			const rest = list.map((a) => (totals.get(a.attemptId) ?? 0) - (a.mark ?? 0));
			const names = [...new Set(list.map((a) => a.name))];
			const r = pearson(fractions, rest);
			const discrimination = r === null ? null : Math.round(r * 1000) / 10;
			return {
				slot,
				number: slot + 1,
				name: names.length === 1 ? names[0] : names.join(' / '),
				attempts: list.length,
				facility: Math.round((fractions.reduce((s, f) => s + f, 0) / list.length) * 1000) / 10,
				meanMark: Math.round((list.reduce((s, a) => s + (a.mark ?? 0), 0) / list.length) * 100) / 100,
				maxMark: Math.max(...list.map((a) => a.maxMark)),
				discrimination,
				weak: discrimination !== null && discrimination < WEAK_DISCRIMINATION
			};
		});
	return { course: { id: course.id, slug: course.slug, title: course.title }, quiz: { activityId: quiz.activityId, title }, attemptsUsed: chosen.length, items };
}
