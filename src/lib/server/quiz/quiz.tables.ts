import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	doublePrecision,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { users } from '../users/users.tables';
import { activities, courses } from '../courses/courses.tables';
import type { QuestionData, QuestionResponse, QuestionType } from '../../quiz/questions';
import type { OverallFeedbackBand, ReviewOptions } from '../../quiz/settings';

/**
 * Assessment engine (issue 5). A course has a question bank (categories of questions);
 * each question is a chain of immutable versions, and an attempt points at the exact
 * version it was answered against, so editing a question never changes past attempts.
 * A quiz is an activity (activities.type = 'quiz') with its settings in `quizzes`.
 */

export const questionCategories = pgTable(
	'question_categories',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		courseId: uuid('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		description: text('description').notNull().default(''),
		position: integer('position').notNull().default(0),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('question_categories_course_name_key').on(t.courseId, t.name)]
);

/** A question's identity in the bank; its content lives in question_versions. */
export const questions = pgTable(
	'questions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		courseId: uuid('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		categoryId: uuid('category_id')
			.notNull()
			.references(() => questionCategories.id, { onDelete: 'restrict' }),
		/** The version new attempts use (the highest one). */
		currentVersion: integer('current_version').notNull().default(1),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		/** Hidden from the bank and from new quizzes; attempts keep their versions. */
		archivedAt: timestamp('archived_at', { withTimezone: true })
	},
	(t) => [index('questions_category_idx').on(t.categoryId), index('questions_course_idx').on(t.courseId)]
);

/** One immutable version of a question: never updated once written. */
export const questionVersions = pgTable(
	'question_versions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		questionId: uuid('question_id')
			.notNull()
			.references(() => questions.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		type: text('type').$type<QuestionType>().notNull(),
		/** Short name shown in the bank and reports. */
		name: text('name').notNull(),
		/** Question text in Markdown (images allowed), rendered by the safe renderer. */
		textMd: text('text_md').notNull(),
		generalFeedbackMd: text('general_feedback_md').notNull().default(''),
		defaultMark: doublePrecision('default_mark').notNull().default(1),
		/** Deduction per extra try in interactive mode (0..1). */
		penalty: doublePrecision('penalty').notNull().default(0.3333333),
		/** Hints shown after each wrong try in interactive mode. */
		hints: jsonb('hints').$type<string[]>().notNull().default([]),
		/** Type-specific definition (choices, accepted answers, pairs…), validated by questionDataSchema. */
		data: jsonb('data').$type<QuestionData>().notNull(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('question_versions_question_version_key').on(t.questionId, t.version)]
);

export const overdueHandlings = ['autosubmit', 'graceperiod', 'autoabandon'] as const;
export const gradingMethods = ['highest', 'last', 'average', 'first'] as const;
export const behaviours = ['deferred', 'immediate', 'interactive'] as const;

/** Settings of a quiz activity (one row per activities row of type 'quiz'). */
export const quizzes = pgTable(
	'quizzes',
	{
		activityId: uuid('activity_id')
			.primaryKey()
			.references(() => activities.id, { onDelete: 'cascade' }),
		courseId: uuid('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		opensAt: timestamp('opens_at', { withTimezone: true }),
		closesAt: timestamp('closes_at', { withTimezone: true }),
		/** Null: no time limit. */
		timeLimitSeconds: integer('time_limit_seconds'),
		overdueHandling: text('overdue_handling', { enum: overdueHandlings }).notNull().default('autosubmit'),
		graceSeconds: integer('grace_seconds').notNull().default(0),
		/** 0: unlimited. */
		attemptsAllowed: integer('attempts_allowed').notNull().default(0),
		/** Enforced delay between the end of one attempt and the start of the next. */
		attemptDelaySeconds: integer('attempt_delay_seconds').notNull().default(0),
		gradingMethod: text('grading_method', { enum: gradingMethods }).notNull().default('highest'),
		behaviour: text('behaviour', { enum: behaviours }).notNull().default('deferred'),
		/** Tries per question in interactive mode. */
		maxTries: integer('max_tries').notNull().default(3),
		/** Pass mark in percent (0..100); null: no pass mark. */
		passPercent: doublePrecision('pass_percent'),
		shuffleQuestions: boolean('shuffle_questions').notNull().default(false),
		shuffleAnswers: boolean('shuffle_answers').notNull().default(true),
		/** 0: all questions on one page. */
		questionsPerPage: integer('questions_per_page').notNull().default(1),
		/** A final (summary) test: login required, counts for course completion (terms §4.6). */
		finalTest: boolean('final_test').notNull().default(false),
		/** Anonymous visitors may take it for practice: graded in the page, nothing stored. */
		practice: boolean('practice').notNull().default(false),
		review: jsonb('review').$type<ReviewOptions>().notNull(),
		overallFeedback: jsonb('overall_feedback').$type<OverallFeedbackBand[]>().notNull().default([]),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('quizzes_course_idx').on(t.courseId)]
);

/**
 * The questions of a quiz in order: a fixed question (always its current version at
 * attempt start) or a random one drawn from a category.
 */
export const quizSlots = pgTable(
	'quiz_slots',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		quizId: uuid('quiz_id')
			.notNull()
			.references(() => quizzes.activityId, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		questionId: uuid('question_id').references(() => questions.id, { onDelete: 'restrict' }),
		randomCategoryId: uuid('random_category_id').references(() => questionCategories.id, { onDelete: 'restrict' }),
		mark: doublePrecision('mark').notNull().default(1)
	},
	(t) => [uniqueIndex('quiz_slots_quiz_position_key').on(t.quizId, t.position)]
);

/** Per-participant accommodations: more time, more attempts, a later close date. */
export const quizOverrides = pgTable(
	'quiz_overrides',
	{
		quizId: uuid('quiz_id')
			.notNull()
			.references(() => quizzes.activityId, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** Replaces the quiz's time limit for this person (null: the quiz's). */
		timeLimitSeconds: integer('time_limit_seconds'),
		extraAttempts: integer('extra_attempts').notNull().default(0),
		closesAt: timestamp('closes_at', { withTimezone: true }),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.quizId, t.userId] })]
);

export const attemptStates = ['in_progress', 'overdue', 'finished', 'abandoned'] as const;
export type AttemptState = (typeof attemptStates)[number];

/**
 * An attempt. `user_id` becomes null when the account is erased: the marks stay as
 * anonymous statistics (item analysis), nothing links them to a person.
 */
export const quizAttempts = pgTable(
	'quiz_attempts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		quizId: uuid('quiz_id')
			.notNull()
			.references(() => quizzes.activityId, { onDelete: 'cascade' }),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
		number: integer('number').notNull(),
		state: text('state', { enum: attemptStates }).notNull().default('in_progress'),
		currentPage: integer('current_page').notNull().default(0),
		pageCount: integer('page_count').notNull().default(1),
		startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
		/** Start + time limit (with overrides), capped by the close date; null: no deadline. */
		deadlineAt: timestamp('deadline_at', { withTimezone: true }),
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		/** participant · timeout (submitted at the deadline) · sweep (closed by the background job) */
		finishedBy: text('finished_by', { enum: ['participant', 'timeout', 'sweep'] }),
		sumMarks: doublePrecision('sum_marks'),
		maxMarks: doublePrecision('max_marks').notNull().default(0),
		/** 0..100; null while an essay awaits grading. */
		percent: doublePrecision('percent'),
		passed: boolean('passed'),
		needsGrading: boolean('needs_grading').notNull().default(false),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('quiz_attempts_number_key').on(t.quizId, t.userId, t.number),
		/** At most one open attempt per person and quiz. */
		uniqueIndex('quiz_attempts_open_key')
			.on(t.quizId, t.userId)
			.where(sql`state in ('in_progress', 'overdue')`),
		index('quiz_attempts_deadline_idx').on(t.state, t.deadlineAt),
		index('quiz_attempts_user_idx').on(t.userId)
	]
);

/** One question in one attempt: the version used, the shuffled order, the latest saved response and its grade. */
export const attemptQuestions = pgTable(
	'attempt_questions',
	{
		attemptId: uuid('attempt_id')
			.notNull()
			.references(() => quizAttempts.id, { onDelete: 'cascade' }),
		slot: integer('slot').notNull(),
		page: integer('page').notNull(),
		questionVersionId: uuid('question_version_id')
			.notNull()
			.references(() => questionVersions.id, { onDelete: 'restrict' }),
		maxMark: doublePrecision('max_mark').notNull(),
		/** Shuffled order of choices / items / matching answers for this attempt. */
		order: jsonb('order').$type<string[]>().notNull().default([]),
		response: jsonb('response').$type<QuestionResponse | null>(),
		/** Highest client sequence number applied: a stale or replayed autosave is ignored. */
		responseSeq: bigint('response_seq', { mode: 'number' }).notNull().default(0),
		savedAt: timestamp('saved_at', { withTimezone: true }),
		/** Tries used (interactive behaviour) and whether the current response was checked. */
		tries: integer('tries').notNull().default(0),
		/** 0..1 of max_mark; null while not graded (or essay awaiting a trainer). */
		fraction: doublePrecision('fraction'),
		mark: doublePrecision('mark'),
		/** unanswered · correct · partial · incorrect · needs_grading · graded (by hand) */
		state: text('state', { enum: ['unanswered', 'correct', 'partial', 'incorrect', 'needs_grading', 'graded'] })
			.notNull()
			.default('unanswered'),
		/** The trainer's comment on a hand-graded answer. */
		comment: text('comment').notNull().default(''),
		gradedBy: uuid('graded_by').references(() => users.id, { onDelete: 'set null' }),
		gradedAt: timestamp('graded_at', { withTimezone: true })
	},
	(t) => [primaryKey({ columns: [t.attemptId, t.slot] }), index('attempt_questions_version_idx').on(t.questionVersionId)]
);
