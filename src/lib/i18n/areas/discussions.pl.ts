/** Polish messages of the discussions area (keys prefixed `discussions.`). */
export const discussionsPl = {} as const;
