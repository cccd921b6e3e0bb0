import {
	notificationChannels,
	notificationKinds,
	type NotificationChannel,
	type NotificationFrequency,
	type NotificationKind
} from './notifications.tables';
import type { PolicyRow, PreferenceRow } from './notifications.repository';

/** The platform defaults when the administrator has written no policy row. */
export const platformDefaults: Record<NotificationKind, Record<NotificationChannel, NotificationFrequency>> = {
	post_reply: { app: 'immediate', email: 'immediate' },
	course_content: { app: 'immediate', email: 'daily' },
	announcement: { app: 'immediate', email: 'immediate' },
	post_moderated: { app: 'immediate', email: 'immediate' }
};

/** Which frequencies make sense per channel: the app list has no digest. */
export const frequenciesFor: Record<NotificationChannel, readonly NotificationFrequency[]> = {
	app: ['immediate', 'off'],
	email: ['immediate', 'daily', 'weekly', 'off']
};

export interface EffectiveSetting {
	kind: NotificationKind;
	channel: NotificationChannel;
	frequency: NotificationFrequency;
	/** The person may not change it: locked or disabled by the administrator. */
	fixed: boolean;
	locked: boolean;
	disabled: boolean;
	default: NotificationFrequency;
}

/**
 * What applies to one person for one kind and channel. A disabled channel is off for
 * everyone; a locked one is the administrator's default; otherwise the person's choice,
 * then the administrator's default, then the platform default.
 */
export function effectiveSetting(input: {
	kind: NotificationKind;
	channel: NotificationChannel;
	policies: readonly PolicyRow[];
	preferences: readonly PreferenceRow[];
}): EffectiveSetting {
	const { kind, channel } = input;
	const policy = input.policies.find((p) => p.kind === kind && p.channel === channel);
	const fallback = policy?.defaultFrequency ?? platformDefaults[kind][channel];
	const locked = policy?.locked ?? false;
	const disabled = policy?.disabled ?? false;
	const own = input.preferences.find((p) => p.kind === kind && p.channel === channel)?.frequency;
	const frequency = disabled ? 'off' : locked ? fallback : (own ?? fallback);
	return { kind, channel, frequency, fixed: locked || disabled, locked, disabled, default: fallback };
}

/** Every kind × channel for one person, for the preferences page. */
export function effectiveSettings(policies: readonly PolicyRow[], preferences: readonly PreferenceRow[]): EffectiveSetting[] {
	return notificationKinds.flatMap((kind) => notificationChannels.map((channel) => effectiveSetting({ kind, channel, policies, preferences })));
}
