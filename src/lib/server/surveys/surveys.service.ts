import type { Db, DbOrTx } from '../db/client';
import type { Clock } from '../platform/clock';
import { translate, type Locale, type MessageKey } from '../../i18n/index';
import { courseCapabilities, courseRelation, type CourseAccessSubject } from '../courses/courses.permissions';
import { toCsv } from '../platform/csv';
import * as repo from './surveys.repository';
import * as errors from './surveys.errors';
import { checkAnswers, fieldErrors, questionForm, settingsInput } from './surveys.schemas';
import type { SurveyQuestionOptions, SurveyQuestionType } from './surveys.tables';

export interface SurveyDeps {
	db: Db;
	clock: Clock;
}
type Viewer = CourseAccessSubject | null;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Text answers shown per page on the results page. */
export const TEXT_PAGE_SIZE = 20;

/** A question as the form and the trainer's list show it. */
export interface SurveyQuestionView {
	id: string;
	type: SurveyQuestionType;
	text: string;
	required: boolean;
	options: SurveyQuestionOptions;
}

export type SurveyState = 'open' | 'not_open' | 'closed';

/** The calendar day (YYYY-MM-DD) of an instant in Poland: all an anonymous response keeps of its time. */
export const warsawDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

export function surveyState(survey: { opensAt: Date | null; closesAt: Date | null }, now: Date): SurveyState {
	if (survey.opensAt && now < survey.opensAt) return 'not_open';
	if (survey.closesAt && now >= survey.closesAt) return 'closed';
	return 'open';
}

const questionView = (q: SurveyQuestionView): SurveyQuestionView => ({ id: q.id, type: q.type, text: q.text, required: q.required, options: q.options });

async function visibleSurvey(db: DbOrTx, user: Viewer, activityId: string) {
	if (!UUID.test(activityId)) throw errors.surveyNotFound();
	const row = await repo.findSurvey(db, activityId);
	if (!row || row.activity.type !== 'survey') throw errors.surveyNotFound();
	const relation = await courseRelation(db, user, row.course.id);
	const caps = courseCapabilities({ relation, visibility: row.course.visibility, status: row.course.status });
	if (!caps.see) throw errors.surveyNotFound();
	return { row, relation, caps };
}

/**
 * What the survey page shows to one person. `mode`: `signin` (anonymous visitor: terms
 * §4.6, surveys only for signed-in participants), `enrol` (signed in, not enrolled),
 * `respond`, `responded` (one response per participant), `preview` (managers see the form
 * but their submissions are refused, so results hold participants' answers only).
 */
export async function getSurveyPage(deps: SurveyDeps, input: { user: Viewer; slug: string; activityId: string }) {
	const { row, relation, caps } = await visibleSurvey(deps.db, input.user, input.activityId);
	if (row.course.slug !== input.slug) throw errors.surveyNotFound();
	const state = surveyState(row.survey, deps.clock.now());
	let mode: 'signin' | 'enrol' | 'respond' | 'responded' | 'preview';
	if (!input.user) mode = 'signin';
	else if (relation === 'manager') mode = 'preview';
	else if (relation !== 'participant' || !caps.participate) mode = 'enrol';
	else mode = (await repo.hasResponded(deps.db, row.survey.activityId, input.user.id)) ? 'responded' : 'respond';
	const showForm = (mode === 'respond' && state === 'open') || mode === 'preview';
	const questions = showForm ? (await repo.listQuestions(deps.db, row.survey.activityId)).map(questionView) : [];
	return {
		course: { id: row.course.id, slug: row.course.slug, title: row.course.title },
		activity: { id: row.activity.id, title: row.activity.title, description: caps.seeOutline ? row.activity.description : '' },
		anonymous: row.survey.anonymous,
		opensAt: row.survey.opensAt?.toISOString() ?? null,
		closesAt: row.survey.closesAt?.toISOString() ?? null,
		state,
		mode,
		questions
	};
}

/**
 * Stores one participant's response: the "responded" mark, the response and its answers,
 * and the activity's completion (rule `submit`) in one transaction. The primary key of
 * survey_respondents makes a second or concurrent submission fail with nothing stored.
 * An anonymous survey's response carries no user id and only the Polish calendar day.
 */
export async function submitResponse(deps: SurveyDeps, input: { user: CourseAccessSubject; activityId: string; answers: Record<string, string[]> }) {
	return deps.db.transaction(async (tx) => {
		const { row, relation, caps } = await visibleSurvey(tx, input.user, input.activityId);
		if (relation === 'manager') throw errors.previewOnly();
		if (relation !== 'participant' || !caps.participate) throw errors.notParticipant();
		const now = deps.clock.now();
		const state = surveyState(row.survey, now);
		if (state === 'not_open') throw errors.notOpenYet();
		if (state === 'closed') throw errors.surveyClosed();
		const surveyId = row.survey.activityId;
		if (await repo.hasResponded(tx, surveyId, input.user.id)) throw errors.alreadyResponded();
		const checked = checkAnswers(await repo.listQuestions(tx, surveyId), input.answers);
		if (!checked.ok) throw errors.invalidAnswers(checked.errors);
		if (!(await repo.insertRespondent(tx, { surveyId, userId: input.user.id, respondedAt: now }))) throw errors.alreadyResponded();
		const responseId = await repo.insertResponse(tx, { surveyId, userId: row.survey.anonymous ? null : input.user.id, submittedOn: warsawDay(now) });
		await repo.insertAnswers(tx, checked.answers.map((a) => ({ ...a, responseId })));
		if (row.activity.completion === 'submit') await repo.completeActivity(tx, { activityId: surveyId, userId: input.user.id, courseId: row.course.id, completedAt: now });
		return { anonymous: row.survey.anonymous };
	});
}

/** The survey of a course the person manages (course owner, co-trainer, admin); "not found" for anyone else. */
async function managedSurvey(db: DbOrTx, user: CourseAccessSubject, courseId: string, activityId: string) {
	if (!UUID.test(courseId) || !UUID.test(activityId)) throw errors.surveyNotFound();
	const row = await repo.findSurvey(db, activityId);
	if (!row || row.course.id !== courseId || row.activity.type !== 'survey') throw errors.surveyNotFound();
	if ((await courseRelation(db, user, courseId)) !== 'manager') throw errors.surveyNotFound();
	return row;
}

type ManageInput = { user: CourseAccessSubject; courseId: string; activityId: string };

/** The trainer's view: settings, questions and whether responses lock the structure. */
export async function getSurveyAdmin(deps: SurveyDeps, input: ManageInput) {
	const row = await managedSurvey(deps.db, input.user, input.courseId, input.activityId);
	const [questions, responses] = await Promise.all([repo.listQuestions(deps.db, row.survey.activityId), repo.countResponses(deps.db, row.survey.activityId)]);
	return {
		course: { id: row.course.id, slug: row.course.slug, title: row.course.title },
		activity: { id: row.activity.id, title: row.activity.title },
		settings: { anonymous: row.survey.anonymous, opensAt: row.survey.opensAt?.toISOString() ?? null, closesAt: row.survey.closesAt?.toISOString() ?? null },
		questions: questions.map(questionView),
		responses,
		locked: responses > 0
	};
}

/** Anonymity cannot change once someone responded (it would relabel answers given under the other promise). */
export async function saveSettings(deps: SurveyDeps, input: ManageInput & { anonymous: boolean; opensAt: Date | null; closesAt: Date | null }) {
	const parsed = settingsInput.safeParse(input);
	if (!parsed.success) throw errors.invalidInput(fieldErrors(parsed.error));
	await deps.db.transaction(async (tx) => {
		const row = await managedSurvey(tx, input.user, input.courseId, input.activityId);
		if (parsed.data.anonymous !== row.survey.anonymous && (await repo.countResponses(tx, row.survey.activityId)) > 0) throw errors.surveyLocked();
		await repo.updateSettings(tx, row.survey.activityId, { ...parsed.data, updatedAt: deps.clock.now() });
	});
}

function parseQuestion(form: unknown) {
	const parsed = questionForm.safeParse(form);
	if (!parsed.success) throw errors.invalidInput(fieldErrors(parsed.error));
	return parsed.data;
}

/** Adds a question at the end; refused once responses exist. */
export async function addQuestion(deps: SurveyDeps, input: ManageInput & { form: unknown }) {
	const question = parseQuestion(input.form);
	return deps.db.transaction(async (tx) => {
		const row = await managedSurvey(tx, input.user, input.courseId, input.activityId);
		if ((await repo.countResponses(tx, row.survey.activityId)) > 0) throw errors.surveyLocked();
		return questionView(await repo.insertQuestion(tx, { surveyId: row.survey.activityId, ...question }));
	});
}

/** Same shape of answers: what may not change once responses exist (wording may). */
const structure = (q: { type: string; required: boolean; options: SurveyQuestionOptions }) =>
	JSON.stringify([q.type, q.required, q.options.choices?.length ?? null, q.options.scaleMin ?? null, q.options.scaleMax ?? null, q.options.min ?? null, q.options.max ?? null]);

/** Edits a question; with responses only its wording (text, choice labels, end labels) may change. */
export async function editQuestion(deps: SurveyDeps, input: ManageInput & { questionId: string; form: unknown }) {
	const question = parseQuestion(input.form);
	await deps.db.transaction(async (tx) => {
		const row = await managedSurvey(tx, input.user, input.courseId, input.activityId);
		const current = UUID.test(input.questionId) ? await repo.findQuestion(tx, row.survey.activityId, input.questionId) : undefined;
		if (!current) throw errors.questionNotFound();
		if (structure(current) !== structure(question) && (await repo.countResponses(tx, row.survey.activityId)) > 0) throw errors.surveyLocked();
		await repo.updateQuestion(tx, current.id, question);
	});
}

export async function removeQuestion(deps: SurveyDeps, input: ManageInput & { questionId: string }) {
	await deps.db.transaction(async (tx) => {
		const row = await managedSurvey(tx, input.user, input.courseId, input.activityId);
		const current = UUID.test(input.questionId) ? await repo.findQuestion(tx, row.survey.activityId, input.questionId) : undefined;
		if (!current) throw errors.questionNotFound();
		if ((await repo.countResponses(tx, row.survey.activityId)) > 0) throw errors.surveyLocked();
		await repo.deleteQuestion(tx, current.id);
	});
}

/** Swaps a question with its neighbour (allowed with responses: the order changes no answer). */
export async function moveQuestion(deps: SurveyDeps, input: ManageInput & { questionId: string; direction: 'up' | 'down' }) {
	await deps.db.transaction(async (tx) => {
		const row = await managedSurvey(tx, input.user, input.courseId, input.activityId);
		const current = UUID.test(input.questionId) ? await repo.findQuestion(tx, row.survey.activityId, input.questionId) : undefined;
		if (!current) throw errors.questionNotFound();
		const other = await repo.neighbour(tx, row.survey.activityId, current.position, input.direction);
		if (!other) return;
		await repo.setPosition(tx, current.id, other.position);
		await repo.setPosition(tx, other.id, current.position);
	});
}

export interface ResultBar {
	label: string;
	count: number;
	/** Share of the people who answered this question, 0–100, one decimal. */
	percent: number;
}

export interface QuestionResult {
	question: SurveyQuestionView;
	answered: number;
	bars: ResultBar[] | null;
	stats: { mean: number; median: number; min: number; max: number } | null;
	texts: { items: string[]; page: number; pages: number } | null;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const percentOf = (n: number, total: number) => (total ? round((n * 100) / total) : 0);

function median(sorted: number[]) {
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function closedResult(q: SurveyQuestionView, answers: { valueNumber: number | null; valueChoices: number[] | null }[]): Omit<QuestionResult, 'texts'> {
	const answered = answers.length;
	if (q.type === 'numeric') {
		const values = answers.map((a) => a.valueNumber!).sort((a, b) => a - b);
		const stats = values.length ? { mean: round(values.reduce((s, v) => s + v, 0) / values.length, 2), median: median(values), min: values[0], max: values[values.length - 1] } : null;
		return { question: q, answered, bars: null, stats };
	}
	if (q.type === 'rating') {
		const min = q.options.scaleMin ?? 1;
		const max = q.options.scaleMax ?? 5;
		const bars = Array.from({ length: max - min + 1 }, (_, i) => {
			const n = answers.filter((a) => a.valueNumber === min + i).length;
			return { label: String(min + i), count: n, percent: percentOf(n, answered) };
		});
		const values = answers.map((a) => a.valueNumber!).sort((a, b) => a - b);
		const stats = values.length ? { mean: round(values.reduce((s, v) => s + v, 0) / values.length, 2), median: median(values), min: values[0], max: values[values.length - 1] } : null;
		return { question: q, answered, bars, stats };
	}
	const bars = (q.options.choices ?? []).map((label, i) => {
		const n = answers.filter((a) => a.valueChoices?.includes(i)).length;
		return { label, count: n, percent: percentOf(n, answered) };
	});
	return { question: q, answered, bars, stats: null };
}

/**
 * Aggregated results for the course's managers: counts and shares per choice or scale
 * value, numeric statistics, and text answers a page at a time, ordered by content.
 * `textPages` picks the page of each text question (1 when absent).
 */
export async function getResults(deps: SurveyDeps, input: ManageInput & { textPages?: Record<string, number> }) {
	const row = await managedSurvey(deps.db, input.user, input.courseId, input.activityId);
	const surveyId = row.survey.activityId;
	const [questions, responses, closed, textCounts] = await Promise.all([
		repo.listQuestions(deps.db, surveyId),
		repo.countResponses(deps.db, surveyId),
		repo.closedAnswers(deps.db, surveyId),
		repo.textAnswerCounts(deps.db, surveyId)
	]);
	const results: QuestionResult[] = [];
	for (const q of questions.map(questionView)) {
		if (q.type === 'short_text' || q.type === 'long_text') {
			const total = Number(textCounts.find((c) => c.questionId === q.id)?.n ?? 0);
			const pages = Math.max(1, Math.ceil(total / TEXT_PAGE_SIZE));
			const page = Math.min(Math.max(1, Math.floor(input.textPages?.[q.id] ?? 1)), pages);
			const items = (await repo.textAnswers(deps.db, q.id, TEXT_PAGE_SIZE, (page - 1) * TEXT_PAGE_SIZE)).map((r) => r.text ?? '');
			results.push({ question: q, answered: total, bars: null, stats: null, texts: { items, page, pages } });
		} else {
			results.push({ ...closedResult(q, closed.filter((a) => a.questionId === q.id)), texts: null });
		}
	}
	return {
		course: { id: row.course.id, slug: row.course.slug, title: row.course.title },
		activity: { id: row.activity.id, title: row.activity.title },
		anonymous: row.survey.anonymous,
		responses,
		results
	};
}

function cellOf(q: SurveyQuestionView, answer: { valueText: string | null; valueNumber: number | null; valueChoices: number[] | null } | undefined) {
	if (!answer) return null;
	if (answer.valueChoices) return answer.valueChoices.map((i) => q.options.choices?.[i] ?? String(i)).join('; ');
	return answer.valueNumber ?? answer.valueText;
}

/**
 * The CSV of every response, one row each: for a named survey the person's name and
 * email first; for an anonymous survey no column about the person at all. Cells pass
 * through toCsv, which neutralises spreadsheet formulas.
 */
export async function exportResponses(deps: SurveyDeps, input: ManageInput & { locale: Locale }) {
	const row = await managedSurvey(deps.db, input.user, input.courseId, input.activityId);
	const surveyId = row.survey.activityId;
	const [questions, responses, answers] = await Promise.all([repo.listQuestions(deps.db, surveyId), repo.responsesForExport(deps.db, surveyId), repo.answersOfSurvey(deps.db, surveyId)]);
	const byResponse = new Map<string, typeof answers>();
	for (const a of answers) byResponse.set(a.responseId, [...(byResponse.get(a.responseId) ?? []), a]);
	const tr = (key: MessageKey) => translate(input.locale, key);
	const person = !row.survey.anonymous;
	const header = [...(person ? [tr('surveys.csv.name'), tr('surveys.csv.email')] : []), tr('surveys.csv.day'), ...questions.map((q, i) => `${i + 1}. ${q.text}`)];
	const rows = responses.map((r) => {
		const own = byResponse.get(r.id) ?? [];
		const name = [r.givenName, r.familyName].filter(Boolean).join(' ');
		return [...(person ? [name, r.email ?? ''] : []), r.submittedOn, ...questions.map((q) => cellOf(q, own.find((a) => a.questionId === q.id)))];
	});
	return { filename: `ankieta-${row.activity.title.toLowerCase().slice(0, 40)}.csv`, body: toCsv(header, rows) };
}
