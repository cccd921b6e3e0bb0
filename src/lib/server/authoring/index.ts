/** Trainer and admin authoring of courses: the public surface other modules import. */
export * from './authoring.service';
export * from './authoring.schemas';
export { type CourseRow, type SectionRow, type ActivityRow } from './authoring.repository';
