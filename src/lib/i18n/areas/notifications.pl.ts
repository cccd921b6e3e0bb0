/** Polish messages of the notifications area (keys prefixed `notifications.`). */
export const notificationsPl = {} as const;
