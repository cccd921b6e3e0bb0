export {
	notify,
	notifyCourseContent,
	listNotifications,
	unreadCount,
	markNotificationRead,
	markAllNotificationsRead,
	getPreferences,
	savePreferences,
	listPolicySettings,
	setPolicy,
	setPolicies,
	type NotifyDeps,
	type NotificationText
} from './notifications.service';
export { sendDigests, createDigestScheduler, digestWindow } from './notifications.jobs';
export { notificationsPrivacy } from './notifications.privacy';
export { frequenciesFor, platformDefaults, type EffectiveSetting } from './notifications.preferences';
export { notificationKinds, notificationChannels, notificationFrequencies } from './notifications.tables';
