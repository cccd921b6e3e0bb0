/** Every table of every domain, for Drizzle's relational API and drizzle-kit. */
export * from '../users/users.tables';
export * from '../auth/auth.tables';
export * from '../mail/mail.tables';
export * from '../files/files.tables';
export * from '../courses/courses.tables';
export * from '../discussions/discussions.tables';
export * from '../notifications/notifications.tables';
export * from '../admin/admin.tables';
export * from '../legal/legal.tables';
export * from '../privacy/privacy.tables';
export * from '../quiz/quiz.tables';
export * from '../surveys/surveys.tables';
