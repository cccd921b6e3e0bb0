import { sql } from 'drizzle-orm';
import { boolean, index, integer, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/users.tables';
import { files } from '../files/files.tables';

export const visibilities = ['private', 'outline', 'public'] as const;
export type Visibility = (typeof visibilities)[number];
export const activityTypes = ['lesson', 'file', 'link', 'quiz', 'survey'] as const;
export type ActivityType = (typeof activityTypes)[number];
export const completionRules = ['manual', 'view', 'submit', 'pass'] as const;
export type CompletionRule = (typeof completionRules)[number];
/** Licences a material may carry (terms §3). */
export const licences = [
	'cc-by',
	'cc-by-sa',
	'cc-by-nd',
	'cc-by-nc',
	'cc-by-nc-sa',
	'cc-by-nc-nd',
	'cc0',
	'public-domain',
	'all-rights-reserved',
	'author-permission'
] as const;
export type Licence = (typeof licences)[number];

export const courseCategories = pgTable(
	'course_categories',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		slug: text('slug').notNull(),
		name: text('name').notNull(),
		position: integer('position').notNull().default(0),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('course_categories_slug_key').on(t.slug)]
);

export const courses = pgTable(
	'courses',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		slug: text('slug').notNull(),
		title: text('title').notNull(),
		summary: text('summary').notNull().default(''),
		keywords: text('keywords').notNull().default(''),
		categoryId: uuid('category_id').references(() => courseCategories.id, { onDelete: 'set null' }),
		coverFileId: uuid('cover_file_id').references(() => files.id, { onDelete: 'set null' }),
		/** private: enrolled only · outline: anyone sees structure and descriptions · public: anyone reads everything. */
		visibility: text('visibility', { enum: visibilities }).notNull().default('private'),
		status: text('status', { enum: ['draft', 'published'] }).notNull().default('draft'),
		selfEnrolment: boolean('self_enrolment').notNull().default(true),
		/** scrypt hash of the enrolment key, when one is required. */
		enrolmentKeyHash: text('enrolment_key_hash'),
		enrolmentOpensAt: timestamp('enrolment_opens_at', { withTimezone: true }),
		enrolmentClosesAt: timestamp('enrolment_closes_at', { withTimezone: true }),
		estimatedHours: numeric('estimated_hours', { precision: 5, scale: 1 }),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		publishedAt: timestamp('published_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('courses_slug_key').on(t.slug),
		index('courses_catalogue_idx').on(t.status, t.visibility),
		index('courses_category_idx').on(t.categoryId)
	]
);

/** Trainers of a course: its owner and co-trainers added by an admin or the owner. */
export const courseTrainers = pgTable(
	'course_trainers',
	{
		courseId: uuid('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: ['owner', 'co_trainer'] }).notNull().default('co_trainer'),
		addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.courseId, t.userId] }), index('course_trainers_user_idx').on(t.userId)]
);

export const courseSections = pgTable(
	'course_sections',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		courseId: uuid('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		summary: text('summary').notNull().default(''),
		position: integer('position').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('course_sections_course_idx').on(t.courseId, t.position)]
);

export const activities = pgTable(
	'activities',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		courseId: uuid('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		sectionId: uuid('section_id')
			.notNull()
			.references(() => courseSections.id, { onDelete: 'cascade' }),
		type: text('type', { enum: activityTypes }).notNull(),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		/** Lesson text in Markdown, rendered through the safe renderer. */
		bodyMd: text('body_md').notNull().default(''),
		/** External link (type link) or embedded video link. */
		url: text('url'),
		fileId: uuid('file_id').references(() => files.id, { onDelete: 'set null' }),
		position: integer('position').notNull(),
		/** Counts towards course progress. */
		required: boolean('required').notNull().default(true),
		/**
		 * manual: the participant marks it done · view: done when opened · submit: done when a
		 * quiz attempt or survey response is submitted · pass: done when a quiz attempt passes
		 * (a final test always uses pass).
		 */
		completion: text('completion', { enum: completionRules }).notNull().default('manual'),
		discussionEnabled: boolean('discussion_enabled').notNull().default(false),
		licence: text('licence', { enum: licences }).notNull().default('all-rights-reserved'),
		author: text('author').notNull().default(''),
		sourceUrl: text('source_url'),
		attribution: text('attribution').notNull().default(''),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('activities_section_idx').on(t.sectionId, t.position), index('activities_course_idx').on(t.courseId)]
);

export const enrolments = pgTable(
	'enrolments',
	{
		courseId: uuid('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.courseId, t.userId] }), index('enrolments_user_idx').on(t.userId)]
);

export const activityCompletions = pgTable(
	'activity_completions',
	{
		activityId: uuid('activity_id')
			.notNull()
			.references(() => activities.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		courseId: uuid('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		completedAt: timestamp('completed_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.activityId, t.userId] }), index('activity_completions_user_course_idx').on(t.userId, t.courseId)]
);

/** First and last access per person and course: personal data (terms §1.2.10). */
export const courseAccess = pgTable(
	'course_access',
	{
		courseId: uuid('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		firstAccessAt: timestamp('first_access_at', { withTimezone: true }).notNull(),
		lastAccessAt: timestamp('last_access_at', { withTimezone: true }).notNull(),
		lastActivityId: uuid('last_activity_id').references(() => activities.id, { onDelete: 'set null' })
	},
	(t) => [primaryKey({ columns: [t.courseId, t.userId] }), index('course_access_user_idx').on(t.userId)]
);

