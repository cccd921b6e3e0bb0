export {
	EDIT_WINDOW_MS,
	getDiscussion,
	createPost,
	editOwnPost,
	moderatePost,
	postAnnouncement,
	getAnnouncements,
	discussionUrl,
	findCourseBySlug,
	type PostView,
	type DiscussionDeps
} from './discussions.service';
export { discussionsPrivacy } from './discussions.privacy';
export { BODY_MAX, BODY_MIN, REASON_MAX, REASON_MIN } from './discussions.schemas';
