import type { Logger } from '../platform/logger';
import { sweepOverdueAttempts, type QuizDeps } from './attempts.service';

/**
 * Closes overdue attempts in the background, so an attempt whose time ran out is submitted
 * (or abandoned, per the quiz) even when the participant never comes back. One sweep at a
 * time; stop() waits for the running one.
 */
export function createAttemptSweeper(deps: QuizDeps & { logger: Logger; intervalMs?: number }) {
	const intervalMs = deps.intervalMs ?? 30_000;
	let timer: NodeJS.Timeout | undefined;
	let running: Promise<void> | undefined;
	const tick = () => {
		if (running) return;
		running = sweepOverdueAttempts(deps)
			.then(({ closed }) => {
				if (closed > 0) deps.logger.info({ closed }, 'overdue quiz attempts closed');
			})
			.catch((error) => deps.logger.error({ err: error }, 'quiz attempt sweep failed'))
			.finally(() => {
				running = undefined;
			});
	};
	return {
		start() {
			if (timer) return;
			timer = setInterval(tick, intervalMs);
			timer.unref();
			tick();
		},
		async stop() {
			if (timer) clearInterval(timer);
			timer = undefined;
			await running;
		}
	};
}
