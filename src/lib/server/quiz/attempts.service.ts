import type { Db, DbOrTx, Tx } from '../db/client';
import type { Clock } from '../platform/clock';
import type { Locale } from '../../i18n/index';
import { courseCapabilities, courseRelation, type CourseAccessSubject, type CourseRelation } from '../courses/courses.permissions';
import type {
	AttemptPageView,
	AttemptSummary,
	MyResultsRow,
	PracticeResult,
	QuestionForDisplay,
	QuizSummaryView,
	ReviewView,
	SaveAnswer,
	SaveResult,
	StartBlock
} from '../../types/quiz';
import { questionResponseSchema, type QuestionResponse } from '../../quiz/questions';
import { renderMarkdown } from '../platform/markdown';
import {
	attemptClosed,
	attemptDelay,
	attemptForbidden,
	forbidden,
	invalidAnswer,
	loginRequired,
	noAttemptsLeft,
	noQuestions,
	notEnrolled,
	notPractice,
	quizClosed,
	quizNotFound,
	quizNotOpen,
	reviewNotAllowed
} from './quiz.errors';
import * as repo from './attempts.repository';
import type { AttemptQuestionRow, AttemptRow, OverrideRow, QuizRow, VersionRow } from './attempts.repository';
import { buildLayout, pageCountOf, seededRandom, type LayoutSlot, type LayoutVersion, type Random } from './attempts.layout';
import { overallFeedbackFor, reviewShows, reviewTime, showNothing, type Shows } from './attempts.review';
import { isLocked, isResponseAnswered, questionForDisplay, type DisplayQuestion } from './attempts.display';
import { fractionWithPenalty, gradeResponse } from './grading';

/**
 * The attempt engine: start, page, autosave, submit, time limit, sweep, review, results.
 *
 * Rules every function keeps:
 * - authorise on the server: an attempt is read or written only by its owner (a course
 *   manager may read it for review/grading); anyone else gets quiz.attempt_forbidden (403)
 *   and nothing is written;
 * - every write runs in one transaction with the attempt row locked (SELECT … FOR UPDATE), so
 *   autosave racing submission, double submission and two tabs end in one consistent graded
 *   attempt. FOR UPDATE rather than FOR SHARE: saves of one attempt come from one person and
 *   are cheap, and an exclusive lock makes "a save either lands before submission or is
 *   refused" hold without reasoning about lock upgrades;
 * - answers after submission or after deadline (+ grace) are refused with quiz.attempt_closed.
 *   When a request finds the time over, it first closes the attempt (committed), then refuses.
 *
 * Overdue handling (the time limit is enforced here, and by the sweep for people who never
 * come back):
 * - autosubmit: submitted with the answers saved so far, submitted_at = deadline, finished_by
 *   'timeout' (found by a request) or 'sweep' (found by the background job);
 * - graceperiod: state 'overdue' until deadline + grace; only submitting works then (saves are
 *   refused); past the grace period the attempt is abandoned, not graded (Moodle's rule);
 * - autoabandon: abandoned at the deadline, never graded and never counted in the grade.
 */
export interface QuizDeps {
	db: Db;
	clock: Clock;
	/** Random source for draws and shuffles (tests pass a seeded one). */
	random?: Random;
}
type Viewer = CourseAccessSubject | null;

// ---------------------------------------------------------------- context and access

interface QuizContext {
	quiz: QuizRow;
	activity: NonNullable<Awaited<ReturnType<typeof repo.findQuiz>>>['activity'];
	course: NonNullable<Awaited<ReturnType<typeof repo.findCourseById>>>;
}

async function loadQuiz(db: DbOrTx, activityId: string, slug?: string): Promise<QuizContext> {
	if (!isUuid(activityId)) throw quizNotFound();
	const found = await repo.findQuiz(db, activityId);
	if (!found) throw quizNotFound();
	const course = await repo.findCourseById(db, found.quiz.courseId);
	if (!course || (slug !== undefined && course.slug !== slug)) throw quizNotFound();
	return { quiz: found.quiz, activity: found.activity, course };
}

async function accessOf(db: DbOrTx, user: Viewer, ctx: QuizContext) {
	const relation = await courseRelation(db, user, ctx.course.id);
	const caps = courseCapabilities({ relation, visibility: ctx.course.visibility, status: ctx.course.status });
	return { relation, caps, manager: relation === 'manager' };
}

/** Who may take (store) attempts: enrolled participants of a published course, and managers, who may test. */
function mayAttempt(relation: CourseRelation, caps: ReturnType<typeof courseCapabilities>) {
	return relation === 'manager' || (relation === 'participant' && caps.participate);
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (value: string) => uuidPattern.test(value);

async function loadOwnAttempt(db: DbOrTx, attemptId: string, userId: string, lock: boolean) {
	if (!isUuid(attemptId)) throw quizNotFound();
	const attempt = lock ? await repo.lockAttempt(db, attemptId) : await repo.findAttempt(db, attemptId);
	if (!attempt) throw quizNotFound();
	if (attempt.userId !== userId) throw attemptForbidden();
	return attempt;
}

/** The quiz settings for one person: the override replaces the time limit and close date and adds attempts. */
export function effectiveSettings(quiz: QuizRow, override: OverrideRow | undefined | null) {
	return {
		opensAt: quiz.opensAt,
		closesAt: override?.closesAt ?? quiz.closesAt,
		timeLimitSeconds: override?.timeLimitSeconds ?? quiz.timeLimitSeconds,
		attemptsAllowed: quiz.attemptsAllowed === 0 ? 0 : quiz.attemptsAllowed + (override?.extraAttempts ?? 0)
	};
}
type Effective = ReturnType<typeof effectiveSettings>;

async function settingsFor(db: DbOrTx, quiz: QuizRow, userId: string | null) {
	return effectiveSettings(quiz, userId ? await repo.findOverride(db, quiz.activityId, userId) : null);
}

/** Start + the effective time limit, capped by the effective close date; null: no deadline. */
export function deadlineFor(settings: Effective, startedAt: Date): Date | null {
	let deadline: Date | null = settings.timeLimitSeconds ? new Date(startedAt.getTime() + settings.timeLimitSeconds * 1000) : null;
	if (settings.closesAt && (!deadline || settings.closesAt < deadline)) deadline = settings.closesAt;
	return deadline;
}

/**
 * After a change of the time limit, the close date or a person's override, moves the deadlines
 * of attempts still running, as Moodle does: extra time granted as an accommodation during an
 * attempt applies to that attempt. Runs in the caller's transaction; an attempt whose new
 * deadline has already passed is closed at its next request or by the sweep. Attempts in
 * their grace period keep it. Returns how many deadlines moved.
 */
export async function recomputeRunningDeadlines(tx: Tx, input: { quizId: string; userId?: string; at: Date }): Promise<number> {
	const found = await repo.findQuiz(tx, input.quizId);
	if (!found) return 0;
	const quiz = found.quiz;
	let moved = 0;
	const running = await repo.lockRunningAttempts(tx, input.quizId, input.userId);
	const overrides = new Map((await repo.listOverrides(tx, { quizIds: [quiz.activityId], userId: input.userId })).map((o) => [o.userId, o]));
	for (const attempt of running) {
		const deadline = deadlineFor(effectiveSettings(quiz, attempt.userId ? overrides.get(attempt.userId) : null), attempt.startedAt);
		if ((deadline?.getTime() ?? null) === (attempt.deadlineAt?.getTime() ?? null)) continue;
		await repo.updateAttempt(tx, attempt.id, { deadlineAt: deadline, updatedAt: input.at });
		moved++;
	}
	return moved;
}

/** Why a new attempt cannot start now (null: it can). An open attempt is continued, never blocked. */
export function startBlock(input: { settings: Effective; attemptDelaySeconds: number; attempts: AttemptRow[]; slotCount: number; now: Date }): StartBlock | null {
	const { settings, now } = input;
	if (settings.opensAt && now < settings.opensAt) return { code: 'not_open', opensAt: settings.opensAt.toISOString() };
	if (settings.closesAt && now >= settings.closesAt) return { code: 'closed', closedAt: settings.closesAt.toISOString() };
	const done = input.attempts.filter((a) => a.state === 'finished' || a.state === 'abandoned');
	if (settings.attemptsAllowed > 0 && done.length >= settings.attemptsAllowed) return { code: 'no_attempts_left' };
	if (input.attemptDelaySeconds > 0 && done.length) {
		const last = Math.max(...done.map((a) => (a.submittedAt ?? a.deadlineAt ?? a.updatedAt).getTime()));
		const until = new Date(last + input.attemptDelaySeconds * 1000);
		if (now < until) return { code: 'delay', until: until.toISOString() };
	}
	if (input.slotCount === 0) return { code: 'no_questions' };
	return null;
}

function blockError(block: StartBlock) {
	switch (block.code) {
		case 'login_required':
			return loginRequired();
		case 'not_enrolled':
			return notEnrolled();
		case 'not_open':
			return quizNotOpen(new Date(block.opensAt));
		case 'closed':
			return quizClosed();
		case 'no_attempts_left':
			return noAttemptsLeft();
		case 'delay':
			return attemptDelay(new Date(block.until));
		case 'no_questions':
			return noQuestions();
	}
}

// ---------------------------------------------------------------- grading and closing

/** Totals of an attempt from its questions: essays awaiting a trainer leave percent and passed null. */
export function computeTotals(rows: Pick<AttemptQuestionRow, 'maxMark' | 'fraction' | 'state'>[], passPercent: number | null) {
	const maxMarks = round(rows.reduce((sum, r) => sum + r.maxMark, 0));
	const needsGrading = rows.some((r) => r.state === 'needs_grading');
	const sumMarks = round(rows.reduce((sum, r) => sum + (r.fraction === null ? 0 : r.fraction * r.maxMark), 0));
	const percent = needsGrading ? null : maxMarks > 0 ? round((sumMarks / maxMarks) * 100) : 0;
	const passed = passPercent === null || percent === null ? null : percent + 1e-9 >= passPercent;
	return { sumMarks, maxMarks, needsGrading, percent, passed };
}
const round = (value: number) => Math.round(value * 1e6) / 1e6;

/** The grade over finished attempts by the quiz's grading method (null: none graded yet). */
export function gradeByMethod(method: QuizRow['gradingMethod'], attempts: Pick<AttemptRow, 'number' | 'state' | 'percent'>[]): number | null {
	const graded = attempts.filter((a) => a.state === 'finished' && a.percent !== null).sort((a, b) => a.number - b.number);
	if (graded.length === 0) return null;
	const values = graded.map((a) => a.percent as number);
	switch (method) {
		case 'highest':
			return Math.max(...values);
		case 'last':
			return values[values.length - 1];
		case 'first':
			return values[0];
		case 'average':
			return round(values.reduce((s, v) => s + v, 0) / values.length);
	}
}

/** Records the activity as completed when its rule is met: 'submit' on submission, 'pass' (and every final test) when passed. */
async function recordCompletionIfDue(tx: DbOrTx, ctx: { quiz: QuizRow; activity: QuizContext['activity'] }, attempt: AttemptRow, at: Date) {
	if (!attempt.userId || attempt.state !== 'finished') return;
	const rule = ctx.quiz.finalTest ? 'pass' : ctx.activity.completion;
	const due =
		rule === 'submit' ||
		(rule === 'pass' && (attempt.passed === true || (ctx.quiz.passPercent === null && !attempt.needsGrading)));
	if (!due) return;
	// Completion is progress in a course: only for enrolled participants (managers testing leave no trace there).
	if (!(await repo.isEnrolled(tx, ctx.quiz.courseId, attempt.userId))) return;
	await repo.insertCompletion(tx, { activityId: ctx.quiz.activityId, userId: attempt.userId, courseId: ctx.quiz.courseId, completedAt: at });
}

/** Grades every question not already final (checked-and-locked questions keep their marks), then the totals. */
async function finishAttempt(tx: Tx, ctx: { quiz: QuizRow; activity: QuizContext['activity'] }, attempt: AttemptRow, input: { at: Date; by: 'participant' | 'timeout' | 'sweep' }) {
	const rows = await repo.listAttemptQuestions(tx, attempt.id);
	const versions = await repo.versionsByIds(tx, rows.map((r) => r.questionVersionId));
	const after: AttemptQuestionRow[] = [];
	for (const row of rows) {
		const version = versions.get(row.questionVersionId)!;
		if (row.state === 'graded' || isLocked(ctx.quiz, row)) {
			after.push(row);
			continue;
		}
		const result = gradeResponse(version.data, row.response);
		let fraction = result.fraction;
		// Interactive: submitting an unchecked answer counts as one more try (and its penalty), as a regrade will see it.
		const tries = ctx.quiz.behaviour === 'interactive' && result.state !== 'unanswered' ? row.tries + 1 : row.tries;
		if (fraction !== null && ctx.quiz.behaviour === 'interactive') fraction = fractionWithPenalty(fraction, Math.max(1, tries), version.penalty);
		const values = { tries, fraction, mark: fraction === null ? null : round(fraction * row.maxMark), state: result.state };
		await repo.updateAttemptQuestion(tx, attempt.id, row.slot, values);
		after.push({ ...row, ...values });
	}
	const totals = computeTotals(after, ctx.quiz.passPercent);
	const finished: AttemptRow = { ...attempt, ...totals, state: 'finished', submittedAt: input.at, finishedBy: input.by, updatedAt: input.at };
	await repo.updateAttempt(tx, attempt.id, { ...totals, state: 'finished', submittedAt: input.at, finishedBy: input.by, updatedAt: input.at });
	await recordCompletionIfDue(tx, ctx, finished, input.at);
	return finished;
}

/**
 * Closes an open attempt whose time is over, per the quiz's overdue handling (see the module
 * comment). Returns the attempt as it is now. The caller holds the row lock.
 */
async function closeIfDue(tx: Tx, ctx: { quiz: QuizRow; activity: QuizContext['activity'] }, attempt: AttemptRow, now: Date, by: 'timeout' | 'sweep'): Promise<AttemptRow> {
	if (attempt.state !== 'in_progress' && attempt.state !== 'overdue') return attempt;
	if (!attempt.deadlineAt || now.getTime() <= attempt.deadlineAt.getTime()) return attempt;
	const deadline = attempt.deadlineAt;
	switch (ctx.quiz.overdueHandling) {
		case 'autosubmit':
			return finishAttempt(tx, ctx, attempt, { at: deadline, by });
		case 'graceperiod': {
			const graceEnd = deadline.getTime() + ctx.quiz.graceSeconds * 1000;
			if (now.getTime() <= graceEnd) {
				if (attempt.state === 'in_progress') await repo.updateAttempt(tx, attempt.id, { state: 'overdue', updatedAt: now });
				return { ...attempt, state: 'overdue' };
			}
			await repo.updateAttempt(tx, attempt.id, { state: 'abandoned', updatedAt: now });
			return { ...attempt, state: 'abandoned' };
		}
		case 'autoabandon':
			await repo.updateAttempt(tx, attempt.id, { state: 'abandoned', updatedAt: now });
			return { ...attempt, state: 'abandoned' };
	}
}

const isOpen = (a: Pick<AttemptRow, 'state'>) => a.state === 'in_progress' || a.state === 'overdue';

// ---------------------------------------------------------------- answers

interface ParsedAnswer {
	slot: number;
	seq: number;
	response: QuestionResponse;
}

/** Validates posted answers; nothing is written when one is invalid. Within one request the highest seq per slot wins. */
export function parseAnswers(answers: unknown): ParsedAnswer[] {
	if (!Array.isArray(answers) || answers.length > 500) throw invalidAnswer();
	const parsed = answers.map((a) => {
		const slot = (a as SaveAnswer)?.slot;
		const seq = (a as SaveAnswer)?.seq;
		if (!Number.isSafeInteger(slot) || slot < 0 || !Number.isSafeInteger(seq) || seq < 0) throw invalidAnswer();
		const response = questionResponseSchema.safeParse((a as SaveAnswer).response);
		if (!response.success) throw invalidAnswer();
		return { slot, seq, response: response.data };
	});
	return parsed.sort((a, b) => a.seq - b.seq);
}

/** Stores answers into a locked, open attempt. Stale or replayed ones are ignored; locked (checked) questions keep theirs. */
async function storeAnswers(tx: Tx, quiz: QuizRow, attempt: AttemptRow, answers: ParsedAnswer[], now: Date) {
	if (answers.length === 0) return [];
	const rows = await repo.listAttemptQuestions(tx, attempt.id);
	const bySlot = new Map(rows.map((r) => [r.slot, r]));
	const wanted = new Set(answers.map((a) => a.slot));
	const versions = await repo.versionsByIds(tx, rows.filter((r) => wanted.has(r.slot)).map((r) => r.questionVersionId));
	for (const answer of answers) {
		const row = bySlot.get(answer.slot);
		if (!row || versions.get(row.questionVersionId)!.type !== answer.response.type) throw invalidAnswer();
	}
	const stored = new Map<number, number>();
	for (const answer of answers) {
		const row = bySlot.get(answer.slot)!;
		const current = stored.get(answer.slot) ?? row.responseSeq;
		if (answer.seq > current && !isLocked(quiz, row) && row.state !== 'graded') {
			const applied = await repo.storeResponseIfNewer(tx, { attemptId: attempt.id, slot: answer.slot, seq: answer.seq, response: answer.response, at: now });
			if (applied) {
				// A changed answer after a wrong try (interactive) is no longer the checked one: its feedback goes, the tries stay.
				if (row.tries > 0 && row.state !== 'unanswered') {
					await repo.updateAttemptQuestion(tx, attempt.id, row.slot, { state: 'unanswered', fraction: null, mark: null });
					bySlot.set(row.slot, { ...row, state: 'unanswered', fraction: null, mark: null });
				}
				stored.set(answer.slot, answer.seq);
				continue;
			}
		}
		// Stale or replayed: the stored (newer) seq. A locked question never changes again: acknowledged so the client stops resending.
		stored.set(answer.slot, answer.seq > current ? answer.seq : current);
	}
	return [...stored.entries()].map(([slot, seq]) => ({ slot, seq }));
}

// ---------------------------------------------------------------- summary

function attemptSummary(attempt: AttemptRow, shows: Shows): AttemptSummary {
	return {
		id: attempt.id,
		number: attempt.number,
		state: attempt.state,
		startedAt: attempt.startedAt.toISOString(),
		submittedAt: attempt.submittedAt?.toISOString() ?? null,
		percent: shows.marks ? attempt.percent : null,
		passed: shows.marks ? attempt.passed : null,
		needsGrading: attempt.needsGrading,
		reviewable: attempt.state === 'finished'
	};
}

/** Closes the person's open attempt first if its time is over, so every read sees the true state. */
async function settleOpenAttempt(deps: QuizDeps, ctx: QuizContext, userId: string) {
	const open = await repo.findOpenAttempt(deps.db, ctx.quiz.activityId, userId);
	if (!open?.deadlineAt || deps.clock.now() <= open.deadlineAt) return;
	await deps.db.transaction(async (tx) => {
		const locked = await repo.lockAttempt(tx, open.id);
		if (locked) await closeIfDue(tx, ctx, locked, deps.clock.now(), 'timeout');
	});
}

/** The quiz page: settings summary, this person's attempts and whether they may start one. */
export async function getQuizSummary(deps: QuizDeps, input: { slug: string; activityId: string; user: Viewer; locale: Locale }): Promise<QuizSummaryView> {
	const ctx = await loadQuiz(deps.db, input.activityId, input.slug);
	const { relation, caps, manager } = await accessOf(deps.db, input.user, ctx);
	if (!caps.readContent) throw quizNotFound();
	const now = deps.clock.now();
	const { quiz } = ctx;
	const slotCount = await repo.countSlots(deps.db, quiz.activityId);
	const canAttempt = Boolean(input.user) && mayAttempt(relation, caps);
	const practiceOnly = quiz.practice && !quiz.finalTest && !canAttempt;
	if (input.user && canAttempt) await settleOpenAttempt(deps, ctx, input.user.id);
	const settings = await settingsFor(deps.db, quiz, input.user?.id ?? null);
	const attempts = input.user && canAttempt ? await repo.listUserAttempts(deps.db, quiz.activityId, input.user.id) : [];
	const open = attempts.find(isOpen);
	let blocked: StartBlock | null = null;
	if (!practiceOnly && !open) {
		if (!input.user) blocked = { code: 'login_required' };
		else if (!canAttempt) blocked = { code: 'not_enrolled' };
		else blocked = startBlock({ settings, attemptDelaySeconds: quiz.attemptDelaySeconds, attempts, slotCount, now });
	}
	const summaries = attempts.map((a) => attemptSummary(a, reviewShows(quiz.review, reviewTime({ state: a.state, submittedAt: a.submittedAt, closesAt: settings.closesAt, now }), manager)));
	const lastFinished = [...attempts].reverse().find((a) => a.state === 'finished');
	const gradeVisible = manager || !lastFinished || reviewShows(quiz.review, reviewTime({ state: 'finished', submittedAt: lastFinished.submittedAt, closesAt: settings.closesAt, now }), false).marks;
	const grade = gradeVisible ? gradeByMethod(quiz.gradingMethod, attempts) : null;
	return {
		quiz: {
			activityId: quiz.activityId,
			title: ctx.activity.title,
			descriptionHtml: renderMarkdown(ctx.activity.description),
			courseId: ctx.course.id,
			courseSlug: ctx.course.slug,
			courseTitle: ctx.course.title,
			opensAt: settings.opensAt?.toISOString() ?? null,
			closesAt: settings.closesAt?.toISOString() ?? null,
			timeLimitSeconds: settings.timeLimitSeconds,
			attemptsAllowed: settings.attemptsAllowed,
			gradingMethod: quiz.gradingMethod,
			passPercent: quiz.passPercent,
			finalTest: quiz.finalTest,
			practice: quiz.practice && !quiz.finalTest,
			questionCount: slotCount
		},
		attempts: summaries,
		grade,
		passed: grade === null || quiz.passPercent === null ? null : grade + 1e-9 >= quiz.passPercent,
		openAttemptId: open?.id ?? null,
		blocked,
		practiceOnly,
		canManage: manager
	};
}

// ---------------------------------------------------------------- start

async function layoutSlots(db: DbOrTx, quizId: string): Promise<LayoutSlot[]> {
	const slots = await repo.listSlots(db, quizId);
	const fixed = new Map((await repo.currentVersions(db, slots.flatMap((s) => (s.questionId ? [s.questionId] : [])))).map((r) => [r.questionId, r.version]));
	const categories = new Map<string, LayoutVersion[]>();
	for (const slot of slots) {
		if (slot.randomCategoryId && !categories.has(slot.randomCategoryId)) {
			categories.set(slot.randomCategoryId, (await repo.randomCandidates(db, slot.randomCategoryId)).map((r) => asLayout(r.version)));
		}
	}
	return slots.flatMap((slot): LayoutSlot[] => {
		if (slot.questionId) {
			const version = fixed.get(slot.questionId);
			return version ? [{ kind: 'fixed', mark: slot.mark, version: asLayout(version) }] : [];
		}
		if (slot.randomCategoryId) return [{ kind: 'random', mark: slot.mark, candidates: categories.get(slot.randomCategoryId) ?? [] }];
		return [];
	});
}
const asLayout = (v: VersionRow): LayoutVersion => ({ id: v.id, questionId: v.questionId, data: v.data });

function isUniqueViolation(error: unknown): boolean {
	for (let e = error as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
		if (e.code === '23505') return true;
	}
	return false;
}

/** Starts an attempt, or returns the open one (idempotent: a double click starts one attempt). */
export async function startAttempt(deps: QuizDeps, input: { slug: string; activityId: string; user: CourseAccessSubject }): Promise<{ attemptId: string }> {
	if (!input.user) throw loginRequired();
	const ctx = await loadQuiz(deps.db, input.activityId, input.slug);
	const { relation, caps } = await accessOf(deps.db, input.user, ctx);
	if (!caps.readContent) throw quizNotFound();
	if (!mayAttempt(relation, caps)) throw notEnrolled();
	const { quiz } = ctx;
	const userId = input.user.id;
	const random = deps.random ?? Math.random;
	try {
		const outcome = await deps.db.transaction(async (tx): Promise<{ attemptId: string } | { block: StartBlock }> => {
			const now = deps.clock.now();
			const open = await repo.lockOpenAttempt(tx, quiz.activityId, userId);
			if (open) {
				const after = await closeIfDue(tx, ctx, open, now, 'timeout');
				if (isOpen(after)) return { attemptId: open.id };
			}
			const settings = await settingsFor(tx, quiz, userId);
			const attempts = await repo.listUserAttempts(tx, quiz.activityId, userId);
			const slots = await layoutSlots(tx, quiz.activityId);
			const block = startBlock({ settings, attemptDelaySeconds: quiz.attemptDelaySeconds, attempts, slotCount: slots.length, now });
			if (block) return { block };
			const layout = buildLayout({ slots, shuffleQuestions: quiz.shuffleQuestions, shuffleAnswers: quiz.shuffleAnswers, questionsPerPage: quiz.questionsPerPage, random });
			if (!layout || layout.length === 0) return { block: { code: 'no_questions' } };
			const deadline = deadlineFor(settings, now);
			const attempt = await repo.insertAttempt(tx, {
				quizId: quiz.activityId,
				userId,
				number: attempts.reduce((max, a) => Math.max(max, a.number), 0) + 1,
				state: 'in_progress',
				currentPage: 0,
				pageCount: pageCountOf(layout),
				startedAt: now,
				deadlineAt: deadline,
				maxMarks: round(layout.reduce((s, q) => s + q.maxMark, 0)),
				updatedAt: now
			});
			await repo.insertAttemptQuestions(
				tx,
				layout.map((q) => ({ attemptId: attempt.id, slot: q.slot, page: q.page, questionVersionId: q.questionVersionId, maxMark: q.maxMark, order: q.order }))
			);
			return { attemptId: attempt.id };
		});
		if ('block' in outcome) throw blockError(outcome.block);
		return outcome;
	} catch (error) {
		// Two tabs or a double click: the other request inserted the open attempt first.
		if (!isUniqueViolation(error)) throw error;
		const open = await repo.findOpenAttempt(deps.db, quiz.activityId, userId);
		if (!open) throw error;
		return { attemptId: open.id };
	}
}

// ---------------------------------------------------------------- attempt pages

function displayRow(row: AttemptQuestionRow): DisplayQuestion {
	return {
		slot: row.slot,
		page: row.page,
		maxMark: row.maxMark,
		order: row.order,
		response: row.response,
		responseSeq: row.responseSeq,
		tries: row.tries,
		fraction: row.fraction,
		mark: row.mark,
		state: row.state,
		comment: row.comment
	};
}

/** A question during the attempt: feedback only after "Check" (immediate/interactive), as the 'during' review options allow. */
function duringView(quiz: QuizRow, version: VersionRow, row: AttemptQuestionRow, locale: Locale): QuestionForDisplay {
	const checked = quiz.behaviour !== 'deferred' && row.tries > 0 && row.state !== 'unanswered';
	return questionForDisplay({
		version,
		question: displayRow(row),
		shows: checked ? reviewShows(quiz.review, 'during', false) : showNothing(),
		graded: checked,
		locale,
		interactive: quiz.behaviour === 'interactive' ? { maxTries: quiz.maxTries } : null
	});
}

/** One page of an open attempt (also records it as the current page). A finished attempt: quiz.attempt_closed. */
export async function getAttemptPage(deps: QuizDeps, input: { attemptId: string; user: CourseAccessSubject; page: number | null; locale: Locale }): Promise<AttemptPageView> {
	const outcome = await deps.db.transaction(async (tx) => {
		const attempt = await loadOwnAttempt(tx, input.attemptId, input.user.id, true);
		const ctx = await loadQuiz(tx, attempt.quizId);
		const { relation, caps } = await accessOf(tx, input.user, ctx);
		if (!caps.readContent) throw quizNotFound();
		if (!mayAttempt(relation, caps)) throw notEnrolled();
		const now = deps.clock.now();
		const current = await closeIfDue(tx, ctx, attempt, now, 'timeout');
		if (!isOpen(current)) return { closed: true as const };
		const requested = input.page ?? current.currentPage;
		const page = Math.min(Math.max(0, Number.isSafeInteger(requested) ? requested : 0), current.pageCount - 1);
		if (page !== current.currentPage) await repo.updateAttempt(tx, current.id, { currentPage: page });
		const rows = await repo.listAttemptQuestions(tx, current.id);
		const versions = await repo.versionsByIds(tx, rows.map((r) => r.questionVersionId));
		return { closed: false as const, ctx, attempt: current, page, rows, versions, now };
	});
	if (outcome.closed) throw attemptClosed();
	const { ctx, attempt, page, rows, versions, now } = outcome;
	return {
		quiz: { activityId: ctx.quiz.activityId, title: ctx.activity.title, courseSlug: ctx.course.slug, courseTitle: ctx.course.title, behaviour: ctx.quiz.behaviour },
		attempt: {
			id: attempt.id,
			number: attempt.number,
			state: attempt.state,
			page,
			pageCount: attempt.pageCount,
			deadlineAt: attempt.deadlineAt?.toISOString() ?? null,
			serverNow: now.toISOString(),
			inGrace: attempt.state === 'overdue'
		},
		questions: rows.filter((r) => r.page === page).map((r) => duringView(ctx.quiz, versions.get(r.questionVersionId)!, r, input.locale)),
		navigation: rows.map((r) => ({ slot: r.slot, number: r.slot + 1, page: r.page, answered: isResponseAnswered(r.response) }))
	};
}

/** Autosave of one or more answers (idempotent per slot and sequence number). */
export async function saveAnswers(deps: QuizDeps, input: { attemptId: string; user: CourseAccessSubject; answers: SaveAnswer[]; page?: number | null }): Promise<SaveResult> {
	const answers = parseAnswers(input.answers);
	const outcome = await deps.db.transaction(async (tx) => {
		const attempt = await loadOwnAttempt(tx, input.attemptId, input.user.id, true);
		const found = await repo.findQuiz(tx, attempt.quizId);
		if (!found) throw quizNotFound();
		const now = deps.clock.now();
		const current = await closeIfDue(tx, found, attempt, now, 'timeout');
		if (current.state !== 'in_progress') return { closed: true as const };
		const saved = await storeAnswers(tx, found.quiz, current, answers, now);
		if (input.page !== undefined && input.page !== null && Number.isSafeInteger(input.page) && input.page >= 0 && input.page < current.pageCount && input.page !== current.currentPage) {
			await repo.updateAttempt(tx, current.id, { currentPage: input.page });
		}
		return { closed: false as const, saved, attempt: current, now };
	});
	if (outcome.closed) throw attemptClosed();
	return {
		saved: outcome.saved,
		state: outcome.attempt.state,
		deadlineAt: outcome.attempt.deadlineAt?.toISOString() ?? null,
		serverNow: outcome.now.toISOString()
	};
}

/** Immediate/interactive behaviour: grade one question now ("Sprawdź") and return its feedback. */
export async function checkQuestion(deps: QuizDeps, input: { attemptId: string; user: CourseAccessSubject; slot: number; answer?: SaveAnswer; locale: Locale }): Promise<AttemptPageView['questions'][number]> {
	const answers = input.answer ? parseAnswers([input.answer]) : [];
	if (answers.some((a) => a.slot !== input.slot)) throw invalidAnswer();
	const outcome = await deps.db.transaction(async (tx) => {
		const attempt = await loadOwnAttempt(tx, input.attemptId, input.user.id, true);
		const found = await repo.findQuiz(tx, attempt.quizId);
		if (!found) throw quizNotFound();
		const quiz = found.quiz;
		if (quiz.behaviour === 'deferred') throw forbidden();
		const now = deps.clock.now();
		const current = await closeIfDue(tx, found, attempt, now, 'timeout');
		if (current.state !== 'in_progress') return { closed: true as const };
		await storeAnswers(tx, quiz, current, answers, now);
		const rows = await repo.listAttemptQuestions(tx, current.id);
		const row = rows.find((r) => r.slot === input.slot);
		if (!row) throw invalidAnswer();
		const version = (await repo.versionsByIds(tx, [row.questionVersionId])).get(row.questionVersionId)!;
		if (isLocked(quiz, row) || !isResponseAnswered(row.response)) return { closed: false as const, quiz, version, row };
		const result = gradeResponse(version.data, row.response);
		const tries = row.tries + 1;
		const fraction = result.fraction === null ? null : quiz.behaviour === 'interactive' ? fractionWithPenalty(result.fraction, tries, version.penalty) : result.fraction;
		const values = { tries, fraction, mark: fraction === null ? null : round(fraction * row.maxMark), state: result.state };
		await repo.updateAttemptQuestion(tx, current.id, row.slot, values);
		return { closed: false as const, quiz, version, row: { ...row, ...values } };
	});
	if (outcome.closed) throw attemptClosed();
	return duringView(outcome.quiz, outcome.version, outcome.row, input.locale);
}

/**
 * Submits and grades (idempotent: a second call returns the same finished attempt). Answers
 * passed along are saved first when the attempt is still open (not in the grace period).
 */
export async function submitAttempt(deps: QuizDeps, input: { attemptId: string; user: CourseAccessSubject; answers?: SaveAnswer[] }): Promise<{ attemptId: string; state: 'finished' | 'abandoned' }> {
	const answers = input.answers?.length ? parseAnswers(input.answers) : [];
	return deps.db.transaction(async (tx) => {
		const attempt = await loadOwnAttempt(tx, input.attemptId, input.user.id, true);
		if (attempt.state === 'finished' || attempt.state === 'abandoned') return { attemptId: attempt.id, state: attempt.state };
		const found = await repo.findQuiz(tx, attempt.quizId);
		if (!found) throw quizNotFound();
		const now = deps.clock.now();
		const current = await closeIfDue(tx, found, attempt, now, 'timeout');
		if (current.state === 'finished' || current.state === 'abandoned') return { attemptId: current.id, state: current.state };
		if (current.state === 'in_progress') await storeAnswers(tx, found.quiz, current, answers, now);
		const finished = await finishAttempt(tx, found, current, { at: now, by: 'participant' });
		return { attemptId: finished.id, state: 'finished' as const };
	});
}

// ---------------------------------------------------------------- review and results

/** The review page per the review options (a course manager sees everything). */
export async function getReview(deps: QuizDeps, input: { attemptId: string; user: CourseAccessSubject; locale: Locale }): Promise<ReviewView> {
	if (!isUuid(input.attemptId)) throw quizNotFound();
	let attempt = await repo.findAttempt(deps.db, input.attemptId);
	if (!attempt) throw quizNotFound();
	const ctx = await loadQuiz(deps.db, attempt.quizId);
	const owner = attempt.userId === input.user.id;
	const { relation, caps } = await accessOf(deps.db, input.user, ctx);
	const manager = relation === 'manager';
	if (!owner && !manager) throw attemptForbidden();
	if (!caps.readContent) throw quizNotFound();
	if (isOpen(attempt) && attempt.deadlineAt && deps.clock.now() > attempt.deadlineAt) {
		attempt = await deps.db.transaction(async (tx) => {
			const locked = await repo.lockAttempt(tx, input.attemptId);
			return closeIfDue(tx, ctx, locked!, deps.clock.now(), 'timeout');
		});
	}
	if (isOpen(attempt) && !manager) throw reviewNotAllowed();
	const now = deps.clock.now();
	const settings = await settingsFor(deps.db, ctx.quiz, attempt.userId);
	const shows = reviewShows(ctx.quiz.review, reviewTime({ state: attempt.state, submittedAt: attempt.submittedAt, closesAt: settings.closesAt, now }), manager);
	const rows = await repo.listAttemptQuestions(deps.db, attempt.id);
	const versions = await repo.versionsByIds(deps.db, rows.map((r) => r.questionVersionId));
	const graded = attempt.state === 'finished';
	const questions = shows.attempt
		? rows.map((r) => questionForDisplay({ version: versions.get(r.questionVersionId)!, question: displayRow(r), shows, graded, locale: input.locale }))
		: [];
	const band = shows.overallFeedback ? overallFeedbackFor(ctx.quiz.overallFeedback, attempt.percent) : null;
	return {
		quiz: { activityId: ctx.quiz.activityId, title: ctx.activity.title, courseSlug: ctx.course.slug, courseTitle: ctx.course.title },
		attempt: {
			...attemptSummary(attempt, shows),
			finishedBy: attempt.finishedBy,
			sumMarks: shows.marks ? attempt.sumMarks : null,
			maxMarks: attempt.maxMarks,
			userName: manager ? await repo.userName(deps.db, attempt.userId) : null
		},
		overallFeedbackHtml: band ? renderMarkdown(band) : null,
		shows,
		questions
	};
}

/** "My results" in one course: every quiz with this person's grade. */
export async function listMyResults(deps: QuizDeps, input: { slug: string; user: CourseAccessSubject }): Promise<{ course: { slug: string; title: string }; rows: MyResultsRow[] }> {
	const course = await repo.findCourseBySlug(deps.db, input.slug);
	if (!course) throw quizNotFound();
	const relation = await courseRelation(deps.db, input.user, course.id);
	const caps = courseCapabilities({ relation, visibility: course.visibility, status: course.status });
	if (!caps.readContent) throw quizNotFound();
	const quizzes = await repo.listCourseQuizzes(deps.db, course.id);
	const attempts = (await repo.listUserAttemptsInCourse(deps.db, course.id, input.user.id)).map((r) => r.attempt);
	const now = deps.clock.now();
	const overrides = new Map((await repo.listOverrides(deps.db, { quizIds: quizzes.map((q) => q.quiz.activityId), userId: input.user.id })).map((o) => [o.quizId, o]));
	const rows: MyResultsRow[] = [];
	for (const { quiz, activity } of quizzes) {
		const mine = attempts.filter((a) => a.quizId === quiz.activityId);
		const closed = mine.filter((a) => !isOpen(a));
		const last = [...closed].filter((a) => a.submittedAt).sort((a, b) => a.submittedAt!.getTime() - b.submittedAt!.getTime()).pop();
		const settings = effectiveSettings(quiz, overrides.get(quiz.activityId));
		const visible = relation === 'manager' || !last || reviewShows(quiz.review, reviewTime({ state: 'finished', submittedAt: last.submittedAt, closesAt: settings.closesAt, now }), false).marks;
		const grade = visible ? gradeByMethod(quiz.gradingMethod, mine) : null;
		rows.push({
			activityId: quiz.activityId,
			title: activity.title,
			finalTest: quiz.finalTest,
			attempts: closed.length,
			grade,
			passed: grade === null || quiz.passPercent === null ? null : grade + 1e-9 >= quiz.passPercent,
			lastSubmittedAt: last?.submittedAt?.toISOString() ?? null
		});
	}
	return { course: { slug: course.slug, title: course.title }, rows };
}

// ---------------------------------------------------------------- anonymous practice

/**
 * The practice layout: the same for every request of the same quiz and seed, so a random slot
 * graded by gradePractice is the question getPracticeQuiz showed. Nothing is written.
 */
async function practiceLayout(deps: QuizDeps, input: { slug: string; activityId: string; user: Viewer; seed?: string }) {
	const ctx = await loadQuiz(deps.db, input.activityId, input.slug);
	const { caps } = await accessOf(deps.db, input.user, ctx);
	if (!caps.readContent) throw quizNotFound();
	if (!ctx.quiz.practice || ctx.quiz.finalTest) throw notPractice();
	const slots = await layoutSlots(deps.db, ctx.quiz.activityId);
	const layout = buildLayout({
		slots,
		shuffleQuestions: ctx.quiz.shuffleQuestions,
		shuffleAnswers: ctx.quiz.shuffleAnswers,
		questionsPerPage: 0,
		random: seededRandom(`${ctx.quiz.activityId}:${input.seed ?? ''}`)
	});
	if (!layout || layout.length === 0) throw noQuestions();
	const versions = await repo.versionsByIds(deps.db, layout.map((q) => q.questionVersionId));
	return { ctx, layout, versions };
}

const emptyQuestion = (q: { slot: number; page: number; maxMark: number; order: string[] }, response: QuestionResponse | null): DisplayQuestion => ({
	...q,
	response,
	responseSeq: 0,
	tries: 0,
	fraction: null,
	mark: null,
	state: 'unanswered',
	comment: ''
});

/** Anonymous practice: the questions (current versions) to answer in the page. */
export async function getPracticeQuiz(deps: QuizDeps, input: { slug: string; activityId: string; user: Viewer; locale: Locale; seed?: string }): Promise<{ title: string; courseSlug: string; questions: AttemptPageView['questions'] }> {
	const { ctx, layout, versions } = await practiceLayout(deps, input);
	return {
		title: ctx.activity.title,
		courseSlug: ctx.course.slug,
		questions: layout.map((q) => questionForDisplay({ version: versions.get(q.questionVersionId)!, question: emptyQuestion(q, null), shows: showNothing(), graded: false, locale: input.locale }))
	};
}

/** Anonymous practice: grades the posted responses; stores nothing. Essays cannot be graded here and do not count. */
export async function gradePractice(deps: QuizDeps, input: { slug: string; activityId: string; user: Viewer; responses: Record<number, QuestionResponse>; locale: Locale; seed?: string }): Promise<PracticeResult> {
	const { ctx, layout, versions } = await practiceLayout(deps, input);
	const shows = reviewShows(ctx.quiz.review, 'immediately', false);
	let sumMarks = 0;
	let maxMarks = 0;
	const questions = layout.map((q) => {
		const version = versions.get(q.questionVersionId)!;
		const raw = input.responses?.[q.slot];
		let response: QuestionResponse | null = null;
		if (raw !== undefined && raw !== null) {
			const parsed = questionResponseSchema.safeParse(raw);
			if (!parsed.success || parsed.data.type !== version.type) throw invalidAnswer();
			response = parsed.data;
		}
		const result = gradeResponse(version.data, response);
		if (version.type !== 'essay') {
			maxMarks += q.maxMark;
			sumMarks += (result.fraction ?? 0) * q.maxMark;
		}
		const row: DisplayQuestion = { ...emptyQuestion(q, response), fraction: result.fraction, mark: result.fraction === null ? null : round(result.fraction * q.maxMark), state: result.state };
		return questionForDisplay({ version, question: row, shows, graded: true, locale: input.locale });
	});
	return { percent: maxMarks > 0 ? round((sumMarks / maxMarks) * 100) : 0, sumMarks: round(sumMarks), maxMarks: round(maxMarks), questions };
}

// ---------------------------------------------------------------- after grading, and the sweep

/**
 * Recomputes an attempt's totals (sum, percent, passed, needs_grading) from its questions,
 * inside the caller's transaction, and records completion when it now passes. Used after
 * hand grading and regrading.
 */
export async function recomputeAttempt(tx: Tx, input: { attemptId: string; at: Date }): Promise<void> {
	const attempt = await repo.lockAttempt(tx, input.attemptId);
	if (!attempt) throw quizNotFound();
	const found = await repo.findQuiz(tx, attempt.quizId);
	if (!found) throw quizNotFound();
	const rows = await repo.listAttemptQuestions(tx, attempt.id);
	if (attempt.state !== 'finished') return;
	const totals = computeTotals(rows, found.quiz.passPercent);
	await repo.updateAttempt(tx, attempt.id, { ...totals, updatedAt: input.at });
	await recordCompletionIfDue(tx, found, { ...attempt, ...totals }, input.at);
}

/** Background sweep: closes attempts past their deadline (+ grace) per the quiz's overdue handling. */
export async function sweepOverdueAttempts(deps: QuizDeps): Promise<{ closed: number }> {
	const now = deps.clock.now();
	const due = await repo.listOverdueAttemptIds(deps.db, now, 500);
	let closed = 0;
	for (const { id } of due) {
		// One transaction per attempt; SKIP LOCKED: another sweeper or a request is on it already.
		const done = await deps.db.transaction(async (tx) => {
			const attempt = await repo.lockAttemptSkipLocked(tx, id);
			if (!attempt || !isOpen(attempt)) return false;
			const found = await repo.findQuiz(tx, attempt.quizId);
			if (!found) return false;
			const after = await closeIfDue(tx, found, attempt, now, 'sweep');
			return !isOpen(after);
		});
		if (done) closed++;
	}
	return { closed };
}
