import type { Db, DbOrTx } from '../db/client';
import type { Clock } from '../platform/clock';
import { isAppError } from '../errors';
import type { Role } from '../users/users.tables';
import { courseRelation } from '../courses/courses.permissions';
import { questionDefinitionSchema, type QuestionDefinition } from '../../quiz/questions';
import { categoryNotEmpty, categoryNotFound, importMalformed, invalidQuestion, questionInUse, questionNotFound } from './quiz.errors';
import { parseGift, parseMoodleXml, toGift, toMoodleXml, type ImportedQuestion } from './formats';
import type { QuestionData, QuestionResponse } from '../../quiz/questions';
import type { Locale } from '../../i18n/index';
import { gradeResponse } from './grading';
import { questionForDisplay } from './attempts.display';
import { showEverything, showNothing } from './attempts.review';
import * as repo from './questions.repository';
import { categoryDescription, categoryName } from './questions.schemas';

/**
 * The question bank of a course: categories and questions, each question a chain of
 * immutable versions. Only the course's managers (its trainers and admins) see it;
 * for anyone else the course's bank does not exist (questions.not_found, 404).
 */

export interface QuestionBankDeps {
	db: Db;
	clock: Clock;
}

export interface BankActor {
	id: string;
	roles: readonly Role[];
}

export type QuestionFormat = 'gift' | 'xml';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PG_UNIQUE_VIOLATION = '23505';

/** The course, when the actor manages it; otherwise "not found", so other courses' banks stay hidden. */
export async function bankCourse(db: DbOrTx, actor: BankActor, courseId: string) {
	if (!UUID.test(courseId)) throw questionNotFound();
	if ((await courseRelation(db, actor, courseId)) !== 'manager') throw questionNotFound();
	const course = await repo.findCourse(db, courseId);
	if (!course) throw questionNotFound();
	return course;
}

async function categoryOf(db: DbOrTx, courseId: string, categoryId: string) {
	if (!UUID.test(categoryId)) throw categoryNotFound();
	const category = await repo.findCategory(db, courseId, categoryId);
	if (!category) throw categoryNotFound();
	return category;
}

async function questionOf(db: DbOrTx, courseId: string, questionId: string, forUpdate = false) {
	if (!UUID.test(questionId)) throw questionNotFound();
	const question = await repo.findQuestion(db, courseId, questionId, { forUpdate });
	if (!question) throw questionNotFound();
	return question;
}

function parseName(name: string) {
	const parsed = categoryName.safeParse(name);
	if (!parsed.success) throw invalidQuestion('categoryName');
	return parsed.data;
}

function parseDefinition(definition: unknown): QuestionDefinition {
	const parsed = questionDefinitionSchema.safeParse(definition);
	if (!parsed.success) throw invalidQuestion(parsed.error.issues[0]?.path.join('.') || 'definition');
	return parsed.data;
}

/** A unique-name race lost to a concurrent insert reads as the same clear error as the pre-check. */
function nameTaken(cause: unknown): never {
	const code = (cause as { code?: string; cause?: { code?: string } })?.code ?? (cause as { cause?: { code?: string } })?.cause?.code;
	if (code === PG_UNIQUE_VIOLATION) throw invalidQuestion('categoryNameTaken');
	throw cause;
}

/** Categories of a course's bank in order, with how many (non-archived) questions each holds. */
export async function listCategories(deps: Pick<QuestionBankDeps, 'db'>, input: { actor: BankActor; courseId: string }) {
	const course = await bankCourse(deps.db, input.actor, input.courseId);
	return repo.listCategories(deps.db, course.id);
}

/** A page of the bank's questions; archived ones only when asked (they are never offered for new quiz slots). */
export async function listQuestions(
	deps: Pick<QuestionBankDeps, 'db'>,
	input: { actor: BankActor; courseId: string; categoryId?: string; search?: string; limit: number; offset: number; includeArchived?: boolean }
) {
	const course = await bankCourse(deps.db, input.actor, input.courseId);
	if (input.categoryId) await categoryOf(deps.db, course.id, input.categoryId);
	const search = input.search?.trim().slice(0, 200) || undefined;
	const limit = Math.max(1, Math.min(200, Math.trunc(input.limit)));
	const offset = Math.max(0, Math.trunc(input.offset));
	const { rows, total } = await repo.listQuestions(deps.db, { courseId: course.id, categoryId: input.categoryId, search, includeArchived: input.includeArchived }, { limit, offset });
	return {
		course,
		total,
		rows: rows.map(({ archivedAt, ...row }) => ({ ...row, archived: archivedAt !== null }))
	};
}

export async function createCategory(deps: QuestionBankDeps, input: { actor: BankActor; courseId: string; name: string; description?: string }) {
	const name = parseName(input.name);
	const description = categoryDescription.parse(input.description ?? '');
	try {
		return await deps.db.transaction(async (tx) => {
			const course = await bankCourse(tx, input.actor, input.courseId);
			if (await repo.findCategoryByName(tx, course.id, name)) throw invalidQuestion('categoryNameTaken');
			return repo.insertCategory(tx, { courseId: course.id, name, description, position: await repo.nextCategoryPosition(tx, course.id), createdAt: deps.clock.now() });
		});
	} catch (cause) {
		if (isAppError(cause)) throw cause;
		nameTaken(cause);
	}
}

export async function renameCategory(deps: QuestionBankDeps, input: { actor: BankActor; courseId: string; categoryId: string; name: string; description?: string }) {
	const name = parseName(input.name);
	try {
		await deps.db.transaction(async (tx) => {
			const course = await bankCourse(tx, input.actor, input.courseId);
			const category = await categoryOf(tx, course.id, input.categoryId);
			const other = await repo.findCategoryByName(tx, course.id, name);
			if (other && other.id !== category.id) throw invalidQuestion('categoryNameTaken');
			await repo.updateCategory(tx, category.id, { name, ...(input.description !== undefined ? { description: categoryDescription.parse(input.description) } : {}) });
		});
	} catch (cause) {
		if (isAppError(cause)) throw cause;
		nameTaken(cause);
	}
}

/** Refused while the category holds questions (archived ones too) or a quiz draws random questions from it. */
export async function deleteCategory(deps: QuestionBankDeps, input: { actor: BankActor; courseId: string; categoryId: string }) {
	await deps.db.transaction(async (tx) => {
		const course = await bankCourse(tx, input.actor, input.courseId);
		const category = await categoryOf(tx, course.id, input.categoryId);
		if ((await repo.countQuestionsIn(tx, category.id)) > 0 || (await repo.categoryUsedBySlots(tx, category.id))) throw categoryNotEmpty();
		await repo.deleteCategory(tx, category.id);
	});
}

/** Moves a category one place up or down. */
export async function moveCategory(deps: QuestionBankDeps, input: { actor: BankActor; courseId: string; categoryId: string; direction: 'up' | 'down' }) {
	await deps.db.transaction(async (tx) => {
		const course = await bankCourse(tx, input.actor, input.courseId);
		await categoryOf(tx, course.id, input.categoryId);
		const ordered = (await repo.listCategories(tx, course.id)).map((c) => c.id);
		const at = ordered.indexOf(input.categoryId);
		const to = input.direction === 'up' ? at - 1 : at + 1;
		if (to < 0 || to >= ordered.length) return;
		[ordered[at], ordered[to]] = [ordered[to], ordered[at]];
		for (const [position, id] of ordered.entries()) await repo.updateCategory(tx, id, { position });
	});
}

/** A new question at version 1. */
export async function createQuestion(deps: QuestionBankDeps, input: { actor: BankActor; courseId: string; categoryId: string; definition: QuestionDefinition }) {
	const definition = parseDefinition(input.definition);
	return deps.db.transaction(async (tx) => {
		const course = await bankCourse(tx, input.actor, input.courseId);
		const category = await categoryOf(tx, course.id, input.categoryId);
		return insertNew(tx, deps.clock.now(), input.actor.id, course.id, category.id, definition);
	});
}

async function insertNew(tx: DbOrTx, now: Date, actorId: string, courseId: string, categoryId: string, definition: QuestionDefinition) {
	const question = await repo.insertQuestion(tx, { courseId, categoryId, currentVersion: 1, createdBy: actorId, createdAt: now, updatedAt: now });
	const version = await repo.insertVersion(tx, { questionId: question.id, version: 1, type: definition.data.type, ...definition, createdBy: actorId, createdAt: now });
	return { question, version };
}

/**
 * Saves an edit as version n+1 and makes it current; earlier versions are never changed,
 * so attempts keep the text and answers they were given. The row lock serialises two
 * trainers saving at once (each gets its own version number). The type cannot change.
 */
export async function updateQuestion(
	deps: QuestionBankDeps,
	input: { actor: BankActor; courseId: string; questionId: string; categoryId?: string; definition: QuestionDefinition }
) {
	const definition = parseDefinition(input.definition);
	return deps.db.transaction(async (tx) => {
		const course = await bankCourse(tx, input.actor, input.courseId);
		const question = await questionOf(tx, course.id, input.questionId, true);
		const current = await repo.findVersion(tx, question.id, question.currentVersion);
		if (current && current.type !== definition.data.type) throw invalidQuestion('type');
		const categoryId = input.categoryId ? (await categoryOf(tx, course.id, input.categoryId)).id : question.categoryId;
		const now = deps.clock.now();
		const number = question.currentVersion + 1;
		const version = await repo.insertVersion(tx, { questionId: question.id, version: number, type: definition.data.type, ...definition, createdBy: input.actor.id, createdAt: now });
		await repo.updateQuestion(tx, question.id, { currentVersion: number, categoryId, updatedAt: now });
		return { question: { ...question, currentVersion: number, categoryId }, version };
	});
}

/** A question with one of its versions (the current one by default) and its history. */
export async function getQuestion(deps: Pick<QuestionBankDeps, 'db'>, input: { actor: BankActor; courseId: string; questionId: string; version?: number }) {
	const course = await bankCourse(deps.db, input.actor, input.courseId);
	const question = await questionOf(deps.db, course.id, input.questionId);
	const version = await repo.findVersion(deps.db, question.id, input.version ?? question.currentVersion);
	if (!version) throw questionNotFound();
	const [history, usedIn] = await Promise.all([repo.listVersions(deps.db, question.id), repo.questionInUse(deps.db, question.id)]);
	return { course, question, version, history, inUse: usedIn };
}

/** Hides a question from the bank and from new quiz slots (or shows it again); attempts are untouched. */
export async function setArchived(deps: QuestionBankDeps, input: { actor: BankActor; courseId: string; questionId: string; archived: boolean }) {
	await deps.db.transaction(async (tx) => {
		const course = await bankCourse(tx, input.actor, input.courseId);
		const question = await questionOf(tx, course.id, input.questionId, true);
		await repo.updateQuestion(tx, question.id, { archivedAt: input.archived ? (question.archivedAt ?? deps.clock.now()) : null });
	});
}

/** Deletes a question that no quiz slot and no attempt ever used; otherwise questions.in_use (archive it instead). */
export async function deleteQuestion(deps: QuestionBankDeps, input: { actor: BankActor; courseId: string; questionId: string }) {
	await deps.db.transaction(async (tx) => {
		const course = await bankCourse(tx, input.actor, input.courseId);
		const question = await questionOf(tx, course.id, input.questionId, true);
		if (await repo.questionInUse(tx, question.id)) throw questionInUse();
		await repo.deleteQuestion(tx, question.id);
	});
}

/** A Moodle category path as one flat name ("$course$/top/RODO/Podstawy" → "RODO / Podstawy"), or null. */
export function categoryFromPath(path: string | null): string | null {
	if (!path) return null;
	const segments = path
		.split('/')
		.map((s) => s.trim())
		.filter((s) => s && s !== '$course$' && s !== '$system$' && s !== '$module$' && s !== '$cat1$' && s.toLowerCase() !== 'top');
	return segments.length ? segments.join(' / ').slice(0, 255) : null;
}

export function parseQuestionFile(format: QuestionFormat, text: string): ImportedQuestion[] {
	const imported = format === 'gift' ? parseGift(text) : parseMoodleXml(text);
	if (imported.length === 0) throw importMalformed({ format, line: null, question: null, reason: 'empty' });
	return imported;
}

/**
 * Imports a GIFT or Moodle XML file all-or-nothing: every question is parsed and validated
 * before anything is written, and everything is written in one transaction. Categories named
 * in the file are reused by name or created; `categoryId` puts every question there instead;
 * questions with no category go to `fallbackCategoryName`.
 */
export async function importQuestions(
	deps: QuestionBankDeps,
	input: { actor: BankActor; courseId: string; format: QuestionFormat; text: string; categoryId?: string; fallbackCategoryName: string }
) {
	await bankCourse(deps.db, input.actor, input.courseId);
	const imported = parseQuestionFile(input.format, input.text);
	const definitions = imported.map((q, index) => {
		const parsed = questionDefinitionSchema.safeParse(q.definition);
		if (!parsed.success) throw importMalformed({ format: input.format, line: null, question: q.definition?.name || String(index + 1), reason: 'invalid' });
		return { category: categoryFromPath(q.category), definition: parsed.data };
	});
	return deps.db.transaction(async (tx) => {
		const course = await bankCourse(tx, input.actor, input.courseId);
		const target = input.categoryId ? await categoryOf(tx, course.id, input.categoryId) : null;
		const byName = new Map<string, string>();
		const categoryIdFor = async (name: string) => {
			const known = byName.get(name);
			if (known) return known;
			const found = (await repo.findCategoryByName(tx, course.id, name)) ?? (await repo.insertCategory(tx, { courseId: course.id, name, position: await repo.nextCategoryPosition(tx, course.id), createdAt: deps.clock.now() }));
			byName.set(name, found.id);
			return found.id;
		};
		const now = deps.clock.now();
		const created: string[] = [];
		for (const item of definitions) {
			const categoryId = target ? target.id : await categoryIdFor(item.category ?? parseName(input.fallbackCategoryName));
			created.push((await insertNew(tx, now, input.actor.id, course.id, categoryId, item.definition)).question.id);
		}
		return { imported: created.length, categories: byName.size, questionIds: created };
	});
}

const safeFileName = (text: string) =>
	text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/ł/g, 'l')
		.replace(/Ł/g, 'L')
		.replace(/[^A-Za-z0-9-]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60) || 'pytania';

/** The bank (or one category) as a GIFT or Moodle XML file; archived questions are left out. */
export async function exportQuestions(deps: Pick<QuestionBankDeps, 'db'>, input: { actor: BankActor; courseId: string; categoryId?: string; format: QuestionFormat }) {
	const course = await bankCourse(deps.db, input.actor, input.courseId);
	const category = input.categoryId ? await categoryOf(deps.db, course.id, input.categoryId) : null;
	const rows = await repo.currentVersions(deps.db, course.id, category?.id);
	const items: ImportedQuestion[] = rows.map(({ version, categoryName }) => ({
		category: categoryName,
		definition: {
			name: version.name,
			textMd: version.textMd,
			generalFeedbackMd: version.generalFeedbackMd,
			defaultMark: version.defaultMark,
			penalty: version.penalty,
			hints: version.hints,
			data: version.data
		}
	}));
	const body = input.format === 'gift' ? toGift(items) : toMoodleXml(items);
	const base = safeFileName(`${course.slug}${category ? `-${category.name}` : ''}`);
	return input.format === 'gift'
		? { filename: `${base}.gift.txt`, body, contentType: 'text/plain; charset=utf-8', count: items.length }
		: { filename: `${base}.xml`, body, contentType: 'application/xml; charset=utf-8', count: items.length };
}

/**
 * A question as a participant would see it, for the trainer to try: with `answer` (read from
 * the preview form once the version's data is known) it is graded and every kind of feedback
 * is shown. Nothing is stored.
 */
export async function previewQuestion(
	deps: Pick<QuestionBankDeps, 'db'>,
	input: { actor: BankActor; courseId: string; questionId: string; version?: number; locale: Locale; answer?: (data: QuestionData) => QuestionResponse | null }
) {
	const view = await getQuestion(deps, input);
	const { version } = view;
	const data = version.data;
	// Ordering items never start in the right order; other parts keep the order the trainer wrote.
	const order = data.type === 'ordering' ? [...data.items.slice(1), data.items[0]].map((i) => i.id) : [];
	const response = input.answer ? input.answer(data) : null;
	if (response && response.type !== data.type) throw invalidQuestion('response');
	const grade = response ? gradeResponse(data, response) : null;
	const display = questionForDisplay({
		version,
		question: {
			slot: 0,
			page: 0,
			maxMark: version.defaultMark,
			order,
			response,
			responseSeq: 0,
			tries: 0,
			fraction: grade?.fraction ?? null,
			mark: grade?.fraction == null ? null : grade.fraction * version.defaultMark,
			state: grade?.state ?? 'unanswered',
			comment: ''
		},
		shows: grade ? showEverything() : showNothing(),
		graded: grade !== null,
		locale: input.locale
	});
	return { course: view.course, question: view.question, name: version.name, version: version.version, display, checked: grade !== null };
}
