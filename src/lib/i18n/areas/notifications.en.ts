import type { notificationsPl } from './notifications.pl';

/** English messages of the notifications area: every key of notifications.pl.ts. */
export const notificationsEn: Record<keyof typeof notificationsPl, string> = {};
