export * from './legal.service';
export * from './legal.schemas';
export { ensureDefaultDocuments, defaultDocuments, type DefaultDocumentSettings } from './legal.defaults';
export type { LegalDocumentRow, DocumentContent, ProcessingConsentRow } from './legal.repository';
export { documentKinds, processingPurposes, type DocumentKind, type ProcessingPurpose } from './legal.tables';
