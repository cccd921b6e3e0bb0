import type { Clock } from '../platform/clock';

export interface RateDecision {
	allowed: boolean;
	/** When refused: milliseconds until the oldest counted request leaves the window. */
	retryAfterMs: number;
}

/**
 * A sliding-window counter per key (a client address): at most `limit` hits within
 * `windowMs`. It lives in the memory of one process, built once in the composition root
 * (services.ts): with several processes each counts on its own, so the effective limit is
 * `limit` × processes; a restart forgets it. That suffices against a form being hammered
 * from one address; the per-address-of-email limit, which matters for mail bombing, is
 * counted in the database (countRecentByEmail) and holds across processes.
 * At most `maxKeys` addresses are tracked; the least recently hit are forgotten first.
 */
export function createRateLimiter(input: { limit: number; windowMs: number; clock: Clock; maxKeys?: number }) {
	const { limit, windowMs, clock } = input;
	const maxKeys = input.maxKeys ?? 10_000;
	const hits = new Map<string, number[]>();

	function recent(key: string, now: number): number[] {
		const list = (hits.get(key) ?? []).filter((at) => at > now - windowMs);
		hits.delete(key);
		if (list.length > 0) hits.set(key, list);
		return list;
	}

	return {
		/** Counts a hit for `key` when allowed; a refused hit is not counted. */
		hit(key: string): RateDecision {
			const now = clock.now().getTime();
			const list = recent(key, now);
			if (list.length >= limit) return { allowed: false, retryAfterMs: list[0] + windowMs - now };
			list.push(now);
			hits.delete(key);
			hits.set(key, list);
			while (hits.size > maxKeys) hits.delete(hits.keys().next().value!);
			return { allowed: true, retryAfterMs: 0 };
		},
		/** Forgets everything (tests). */
		reset: () => hits.clear()
	};
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/** Whole minutes, at least one, for "try again in N minutes". */
export const minutesFrom = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));
