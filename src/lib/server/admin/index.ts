export { appendAudit, type AuditEntry, type AuditFilter } from './admin.repository';
export * from './admin.service';
