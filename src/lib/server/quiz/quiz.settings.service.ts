import type { Db, DbOrTx } from '../db/client';
import { listCategories as listBankCategories } from './questions.repository';
import { recomputeRunningDeadlines } from './attempts.service';
import type { Clock } from '../platform/clock';
import { managedCourse, type Actor } from '../authoring/index';
import { appendAudit } from '../admin/admin.repository';
import { finalTestReviewOptions, type ReviewOptions } from '../../quiz/settings';
import { categoryNotFound, invalidSettings, questionNotFound, quizNotFound } from './quiz.errors';
import { AppError } from '../errors';
import type { OverrideInput, QuizSettingsInput } from './quiz.schemas';
import * as repo from './quiz.settings.repository';

/**
 * The trainer's side of a quiz: settings, the questions in it (slots) and per-participant
 * overrides. Only the course's managers (its trainers, admins) reach any of it: anyone
 * else gets the course's "not found" (404) or "forbidden" (403) and nothing is written.
 */
export interface QuizAdminDeps {
	db: Db;
	clock: Clock;
}
export type { Actor };

import { structureLocked, notEnrolledPerson } from './quiz.errors';
export { structureLocked, notEnrolledPerson };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The course (managed by the actor) and its quiz; 404 for anything hidden. `lock` locks the quiz row. */
export async function managedQuiz(db: DbOrTx, actor: Actor, courseId: string, activityId: string, lock = false) {
	const course = await managedCourse(db, actor, courseId);
	if (!UUID.test(activityId)) throw quizNotFound();
	const found = await repo.findQuiz(db, course.id, activityId, lock);
	if (!found) throw quizNotFound();
	return { course, quiz: found.quiz, title: found.title };
}

/** The settings page: the quiz, its course, whether it has attempts, and the slot count. */
export async function getQuizForEditing(deps: QuizAdminDeps, input: { actor: Actor; courseId: string; activityId: string }) {
	const { course, quiz, title } = await managedQuiz(deps.db, input.actor, input.courseId, input.activityId);
	const [attempts, slots] = await Promise.all([repo.countAttempts(deps.db, quiz.activityId), repo.listSlots(deps.db, quiz.activityId)]);
	return { course: { id: course.id, slug: course.slug, title: course.title }, quiz, title, attempts, slotCount: slots.length };
}

/**
 * Saves the settings. A final test must use deferred feedback (the schema refuses anything
 * else, and refuses practice together with it); when a quiz becomes a final test in this
 * save, its review options start from finalTestReviewOptions (no answers while others may
 * still be taking it); later saves keep whatever the trainer ticks.
 */
export async function updateSettings(deps: QuizAdminDeps, input: { actor: Actor; courseId: string; activityId: string; settings: QuizSettingsInput }) {
	const s = input.settings;
	if (s.finalTest && s.practice) throw invalidSettings('practice');
	if (s.finalTest && s.behaviour !== 'deferred') throw invalidSettings('behaviour');
	return deps.db.transaction(async (tx) => {
		const { quiz } = await managedQuiz(tx, input.actor, input.courseId, input.activityId, true);
		const becomesFinal = s.finalTest && !quiz.finalTest;
		const review: ReviewOptions = becomesFinal ? finalTestReviewOptions() : (s.review as ReviewOptions);
		// A final test counts for course completion: it is required and done only when passed.
		if (s.finalTest) await repo.makeRequiredPass(tx, quiz.activityId, deps.clock.now());
		const saved = await repo.updateQuiz(tx, quiz.activityId, {
			opensAt: s.opensAt,
			closesAt: s.closesAt,
			timeLimitSeconds: s.timeLimitMinutes === null ? null : s.timeLimitMinutes * 60,
			overdueHandling: s.overdueHandling,
			graceSeconds: s.overdueHandling === 'graceperiod' ? s.graceMinutes * 60 : 0,
			attemptsAllowed: s.attemptsAllowed,
			attemptDelaySeconds: s.delayMinutes * 60,
			gradingMethod: s.gradingMethod,
			behaviour: s.behaviour,
			maxTries: s.maxTries,
			passPercent: s.passPercent,
			shuffleQuestions: s.shuffleQuestions,
			shuffleAnswers: s.shuffleAnswers,
			questionsPerPage: s.questionsPerPage,
			finalTest: s.finalTest,
			practice: s.practice,
			review,
			overallFeedback: [...s.overallFeedback].sort((a, b) => b.minPercent - a.minPercent),
			updatedAt: deps.clock.now()
		});
		// A new time limit or close date applies to attempts already running.
		await recomputeRunningDeadlines(tx, { quizId: quiz.activityId, at: deps.clock.now() });
		return saved;
	});
}

/** The questions page: slots with names and marks, the bank to add from, categories, and whether the structure is locked. */
export async function getQuizQuestions(deps: QuizAdminDeps, input: { actor: Actor; courseId: string; activityId: string; categoryId: string | null }) {
	const { course, quiz, title } = await managedQuiz(deps.db, input.actor, input.courseId, input.activityId);
	const categoryId = input.categoryId && UUID.test(input.categoryId) ? input.categoryId : null;
	const [slots, attempts, categories, bank] = await Promise.all([
		repo.listSlots(deps.db, quiz.activityId),
		repo.countAttempts(deps.db, quiz.activityId),
		listBankCategories(deps.db, course.id).then((rows) => rows.map((c) => ({ id: c.id, name: c.name, count: c.questionCount }))),
		repo.listBank(deps.db, course.id, categoryId)
	]);
	const inQuiz = new Set(slots.map((s) => s.questionId).filter(Boolean));
	return {
		course: { id: course.id, slug: course.slug, title: course.title },
		quiz: { activityId: quiz.activityId, title },
		slots,
		totalMarks: slots.reduce((sum, s) => sum + s.mark, 0),
		locked: attempts > 0,
		attempts,
		categories,
		categoryId,
		bank: bank.map((q) => ({ ...q, inQuiz: inQuiz.has(q.id) }))
	};
}

async function lockedForStructure(tx: DbOrTx, input: { actor: Actor; courseId: string; activityId: string }) {
	const found = await managedQuiz(tx, input.actor, input.courseId, input.activityId, true);
	if ((await repo.countAttempts(tx, found.quiz.activityId)) > 0) throw structureLocked();
	return found;
}

/** Adds bank questions of this course (not archived) at the end, each with its default mark; ones already in the quiz are skipped. */
export async function addQuestions(deps: QuizAdminDeps, input: { actor: Actor; courseId: string; activityId: string; questionIds: string[] }) {
	return deps.db.transaction(async (tx) => {
		const { course, quiz } = await lockedForStructure(tx, input);
		const wanted = [...new Set(input.questionIds)];
		const usable = await repo.usableQuestions(tx, course.id, wanted);
		if (usable.length !== wanted.length) throw questionNotFound();
		const present = new Set((await repo.listSlots(tx, quiz.activityId)).map((s) => s.questionId));
		const byId = new Map(usable.map((q) => [q.id, q]));
		let position = await repo.nextPosition(tx, quiz.activityId);
		const rows = wanted.filter((id) => !present.has(id)).map((id) => ({ quizId: quiz.activityId, position: position++, questionId: id, mark: byId.get(id)!.defaultMark }));
		return (await repo.insertSlots(tx, rows)).length;
	});
}

/** Adds `count` slots each drawing a random question from a category of this course (at most as many as it holds). */
export async function addRandom(deps: QuizAdminDeps, input: { actor: Actor; courseId: string; activityId: string; categoryId: string; count: number }) {
	return deps.db.transaction(async (tx) => {
		const { course, quiz } = await lockedForStructure(tx, input);
		const category = await repo.findCategory(tx, course.id, input.categoryId);
		if (!category) throw categoryNotFound();
		const available = await repo.countUsableInCategory(tx, category.id);
		const alreadyDrawn = (await repo.listSlots(tx, quiz.activityId)).filter((s) => s.randomCategoryId === category.id).length;
		if (input.count < 1 || input.count + alreadyDrawn > available) throw new AppError('quiz.invalid_settings', 400, 'not enough questions in the category', { field: 'count', available, alreadyDrawn });
		let position = await repo.nextPosition(tx, quiz.activityId);
		const rows = Array.from({ length: input.count }, () => ({ quizId: quiz.activityId, position: position++, randomCategoryId: category.id, mark: 1 }));
		return (await repo.insertSlots(tx, rows)).length;
	});
}

export async function removeSlot(deps: QuizAdminDeps, input: { actor: Actor; courseId: string; activityId: string; slotId: string }) {
	await deps.db.transaction(async (tx) => {
		const { quiz } = await lockedForStructure(tx, input);
		const slot = await repo.findSlot(tx, quiz.activityId, input.slotId);
		if (!slot) throw questionNotFound();
		await repo.deleteSlot(tx, quiz.activityId, slot);
	});
}

/** Swaps a slot with its neighbour; at either end nothing changes. */
export async function moveSlot(deps: QuizAdminDeps, input: { actor: Actor; courseId: string; activityId: string; slotId: string; direction: 'up' | 'down' }) {
	await deps.db.transaction(async (tx) => {
		const { quiz } = await lockedForStructure(tx, input);
		const slot = await repo.findSlot(tx, quiz.activityId, input.slotId);
		if (!slot) throw questionNotFound();
		const other = await repo.findSlotAt(tx, quiz.activityId, slot.position + (input.direction === 'up' ? -1 : 1));
		if (!other) return;
		await repo.setSlotPosition(tx, slot.id, -1);
		await repo.setSlotPosition(tx, other.id, slot.position);
		await repo.setSlotPosition(tx, slot.id, other.position);
	});
}

/** Changes a slot's mark; allowed with attempts (existing attempts follow after a regrade). */
export async function setMark(deps: QuizAdminDeps, input: { actor: Actor; courseId: string; activityId: string; slotId: string; mark: number }) {
	if (!(input.mark >= 0 && input.mark <= 1000)) throw invalidSettings('mark');
	await deps.db.transaction(async (tx) => {
		const { quiz } = await managedQuiz(tx, input.actor, input.courseId, input.activityId, true);
		const slot = await repo.findSlot(tx, quiz.activityId, input.slotId);
		if (!slot) throw questionNotFound();
		await repo.setSlotMark(tx, slot.id, Math.round(input.mark * 100) / 100);
	});
}

const personName = (p: { givenName: string | null; familyName: string | null }) => [p.givenName, p.familyName].filter(Boolean).join(' ');

/** The overrides page: current overrides and, when searching, matching enrolled people. */
export async function getOverrides(deps: QuizAdminDeps, input: { actor: Actor; courseId: string; activityId: string; search: string }) {
	const { course, quiz, title } = await managedQuiz(deps.db, input.actor, input.courseId, input.activityId);
	const search = input.search.trim().slice(0, 200);
	const [rows, found] = await Promise.all([repo.listOverrides(deps.db, quiz.activityId), search ? repo.searchEnrolled(deps.db, course.id, search) : Promise.resolve([])]);
	return {
		course: { id: course.id, slug: course.slug, title: course.title },
		quiz,
		title,
		overrides: rows.map((r) => ({ ...r.override, name: personName(r), email: r.email })),
		found: found.map((p) => ({ id: p.id, name: personName(p), email: p.email }))
	};
}

/** Sets (or replaces) one enrolled person's override: their own time limit, extra attempts, a later close date. Audited. */
export async function setOverride(deps: QuizAdminDeps, input: { actor: Actor; courseId: string; activityId: string; override: OverrideInput }) {
	const o = input.override;
	return deps.db.transaction(async (tx) => {
		const { course, quiz } = await managedQuiz(tx, input.actor, input.courseId, input.activityId, true);
		if (!UUID.test(o.userId) || !(await repo.isEnrolled(tx, course.id, o.userId))) throw notEnrolledPerson();
		const at = deps.clock.now();
		const values = { timeLimitSeconds: o.timeLimitMinutes === null ? null : o.timeLimitMinutes * 60, extraAttempts: o.extraAttempts, closesAt: o.closesAt };
		const saved = await repo.upsertOverride(tx, { quizId: quiz.activityId, userId: o.userId, ...values, createdBy: input.actor.id, updatedAt: at });
		await appendAudit(tx, {
			at,
			actorId: input.actor.id,
			action: 'quiz.override_set',
			targetType: 'quiz',
			targetId: quiz.activityId,
			details: { userId: o.userId, timeLimitSeconds: values.timeLimitSeconds, extraAttempts: values.extraAttempts, closesAt: values.closesAt?.toISOString() ?? null }
		});
		// Extra time granted during an attempt (an accommodation) applies to that attempt.
		await recomputeRunningDeadlines(tx, { quizId: quiz.activityId, userId: o.userId, at });
		return saved;
	});
}

/** Removes one person's override (nothing to remove: not found). Audited. */
export async function deleteOverride(deps: QuizAdminDeps, input: { actor: Actor; courseId: string; activityId: string; userId: string }) {
	await deps.db.transaction(async (tx) => {
		const { quiz } = await managedQuiz(tx, input.actor, input.courseId, input.activityId, true);
		if (!UUID.test(input.userId) || (await repo.deleteOverride(tx, quiz.activityId, input.userId)) === 0) throw quizNotFound();
		await appendAudit(tx, { at: deps.clock.now(), actorId: input.actor.id, action: 'quiz.override_deleted', targetType: 'quiz', targetId: quiz.activityId, details: { userId: input.userId } });
		await recomputeRunningDeadlines(tx, { quizId: quiz.activityId, userId: input.userId, at: deps.clock.now() });
	});
}
