export * from './users.service';
export * from './users.permissions';
export { roles, type Role, type UserRow } from './users.tables';
export * from './users.schemas';
export { type ContactLinks } from './users.mail';
export { type LastAccessFilter } from './users.repository';
