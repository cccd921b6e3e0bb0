export * from './auth.service';
export { safeReturnTo } from './auth.schemas';
