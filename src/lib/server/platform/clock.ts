/** Time source, injectable so tests can move time instead of sleeping. */
export interface Clock {
	now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export function fixedClock(start = new Date('2026-01-15T10:00:00Z')) {
	let current = start.getTime();
	return {
		now: () => new Date(current),
		set: (date: Date) => void (current = date.getTime()),
		advance: (ms: number) => void (current += ms)
	};
}
