/** Every table of every domain, for Drizzle's relational API and drizzle-kit. */
export * from '../users/users.tables';
export * from '../auth/auth.tables';
export * from '../mail/mail.tables';
