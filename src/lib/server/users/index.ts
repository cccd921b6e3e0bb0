export * from './users.service';
export * from './users.permissions';
export { roles, type Role, type UserRow } from './users.tables';
