export { appendAudit, listAudit, type AuditEntry } from './admin.repository';
