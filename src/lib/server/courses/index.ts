export * from './courses.service';
export * from './courses.permissions';
export * from './courses.schemas';
export { coursesPrivacy } from './courses.privacy';
export { foldForSearch, type CourseRow, type SectionRow, type ActivityRow, type CategoryRow } from './courses.repository';
export { visibilities, activityTypes, licences, type Visibility, type ActivityType, type Licence } from './courses.tables';
