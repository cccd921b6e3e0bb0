import type { QuestionResponse } from './questions';
import type { SaveAnswer, SaveResult } from '../types/quiz';

/**
 * Browser autosave of quiz answers. Every change is first written to a buffer in
 * localStorage (`quiz-attempt:<attemptId>`), then sent to the server; an entry leaves the
 * buffer only when the server confirms it holds that answer or a newer one. So a dropped
 * network, a reload or a closed browser loses nothing: the next page load re-applies and
 * re-sends what is left. Storage, transport and timers are small interfaces so the rules
 * are tested with plain objects.
 */

export interface KeyValueStore {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

/** slot → the newest answer given in this browser and not yet confirmed by the server. */
export type AnswerBuffer = Record<string, { seq: number; response: QuestionResponse }>;

export type SendOutcome =
	| { kind: 'saved'; result: SaveResult }
	/** No answer from the server (offline, dropped connection, 5xx): keep and retry. */
	| { kind: 'network' }
	/** The attempt is submitted or its time is over: nothing more can be saved. */
	| { kind: 'closed' }
	/** Refused for good (403, 400): keep the buffer, stop retrying until the next change. */
	| { kind: 'rejected'; code: string };

export type Transport = (answers: SaveAnswer[], options: { keepalive: boolean }) => Promise<SendOutcome>;

export type AutosaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'offline' | 'closed' | 'error';

export const bufferKey = (attemptId: string) => `quiz-attempt:${attemptId}`;

/** A sequence number after `last`, tied to the clock so numbers also grow across reloads. */
export const nextSeq = (last: number, now: number) => Math.max(Math.floor(now), Math.floor(last) + 1);

/** The buffer as stored; anything unreadable counts as empty (never throws on a page load). */
export function readBuffer(storage: KeyValueStore, attemptId: string): AnswerBuffer {
	try {
		const raw = storage.getItem(bufferKey(attemptId));
		if (!raw) return {};
		const parsed: unknown = JSON.parse(raw);
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
		const out: AnswerBuffer = {};
		for (const [slot, entry] of Object.entries(parsed as Record<string, unknown>)) {
			const e = entry as { seq?: unknown; response?: unknown };
			if (!/^\d+$/.test(slot) || typeof e?.seq !== 'number' || !Number.isFinite(e.seq) || !e.response || typeof e.response !== 'object') continue;
			out[slot] = { seq: e.seq, response: e.response as QuestionResponse };
		}
		return out;
	} catch {
		return {};
	}
}

export function writeBuffer(storage: KeyValueStore, attemptId: string, buffer: AnswerBuffer): void {
	try {
		if (Object.keys(buffer).length === 0) storage.removeItem(bufferKey(attemptId));
		else storage.setItem(bufferKey(attemptId), JSON.stringify(buffer));
	} catch {
		// Storage full or disabled (private mode): the answer still goes to the server.
	}
}

/** Records an answer unless the buffer already holds a newer one for that slot. */
export function putAnswer(buffer: AnswerBuffer, answer: SaveAnswer): AnswerBuffer {
	const current = buffer[answer.slot];
	if (current && current.seq >= answer.seq) return buffer;
	return { ...buffer, [answer.slot]: { seq: answer.seq, response: answer.response } };
}

/** Drops the entries the server confirmed (its seq is ours or newer); newer local changes stay. */
export function dropSaved(buffer: AnswerBuffer, saved: { slot: number; seq: number }[]): AnswerBuffer {
	const out = { ...buffer };
	for (const s of saved) {
		const entry = out[s.slot];
		if (entry && entry.seq <= s.seq) delete out[s.slot];
	}
	return out;
}

/** What is left to send, in slot order. */
export function pendingAnswers(buffer: AnswerBuffer): SaveAnswer[] {
	return Object.entries(buffer)
		.map(([slot, e]) => ({ slot: Number(slot), seq: e.seq, response: e.response }))
		.sort((a, b) => a.slot - b.slot);
}

/**
 * On page load: buffered answers newer than what the server holds (to put back in the
 * form), and the buffer without entries the server already has in a newer version.
 */
export function reconcile(buffer: AnswerBuffer, server: { slot: number; responseSeq: number }[]): { restore: SaveAnswer[]; buffer: AnswerBuffer } {
	const known = new Map(server.map((q) => [q.slot, q.responseSeq]));
	const kept: AnswerBuffer = {};
	const restore: SaveAnswer[] = [];
	for (const answer of pendingAnswers(buffer)) {
		const serverSeq = known.get(answer.slot);
		if (serverSeq !== undefined && serverSeq >= answer.seq) continue;
		kept[answer.slot] = { seq: answer.seq, response: answer.response };
		if (serverSeq !== undefined) restore.push(answer);
	}
	return { restore, buffer: kept };
}

/** Retry delay after `failures` failed sends: 1 s, 2 s, 4 s … at most 30 s. */
export const backoffMs = (failures: number) => Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));

export interface AutosaveOptions {
	attemptId: string;
	storage: KeyValueStore;
	send: Transport;
	now?: () => number;
	setTimer?: (fn: () => void, ms: number) => unknown;
	clearTimer?: (handle: unknown) => void;
	debounceMs?: number;
	onStatus?: (status: AutosaveStatus) => void;
	onClosed?: () => void;
	onSaved?: (result: SaveResult) => void;
	/** The highest sequence number already used (server's responseSeq values). */
	lastSeq?: number;
}

/** The autosave of one attempt in one page: record(), flush(), flushOnExit(). */
export function createAutosave(options: AutosaveOptions) {
	const now = options.now ?? (() => Date.now());
	const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
	const clearTimer = options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
	const debounceMs = options.debounceMs ?? 600;
	let lastSeq = Math.max(options.lastSeq ?? 0, ...pendingAnswers(readBuffer(options.storage, options.attemptId)).map((a) => a.seq));
	let timer: unknown = null;
	let failures = 0;
	let inFlight: Promise<void> | null = null;
	let closed = false;
	let status: AutosaveStatus = 'idle';

	const setStatus = (next: AutosaveStatus) => {
		status = next;
		options.onStatus?.(next);
	};
	const load = () => readBuffer(options.storage, options.attemptId);
	const store = (buffer: AnswerBuffer) => writeBuffer(options.storage, options.attemptId, buffer);

	function schedule(ms: number) {
		if (timer !== null) clearTimer(timer);
		timer = setTimer(() => {
			timer = null;
			void flush();
		}, ms);
	}

	async function sendOnce(keepalive: boolean): Promise<void> {
		const answers = pendingAnswers(load());
		if (answers.length === 0 || closed) {
			if (!closed && status !== 'offline') setStatus(status === 'idle' ? 'idle' : 'saved');
			return;
		}
		setStatus('saving');
		const outcome = await options.send(answers, { keepalive }).catch((): SendOutcome => ({ kind: 'network' }));
		if (outcome.kind === 'saved') {
			failures = 0;
			store(dropSaved(load(), outcome.result.saved));
			options.onSaved?.(outcome.result);
			if (pendingAnswers(load()).length > 0) schedule(debounceMs);
			else setStatus('saved');
		} else if (outcome.kind === 'network') {
			failures += 1;
			setStatus('offline');
			schedule(backoffMs(failures));
		} else if (outcome.kind === 'closed') {
			closed = true;
			options.storage.removeItem(bufferKey(options.attemptId));
			setStatus('closed');
			options.onClosed?.();
		} else {
			setStatus('error');
		}
	}

	/** Sends what is buffered now (one request at a time; waits for one already running). */
	async function flush(keepalive = false): Promise<void> {
		if (timer !== null) {
			clearTimer(timer);
			timer = null;
		}
		while (inFlight) await inFlight;
		inFlight = sendOnce(keepalive).finally(() => {
			inFlight = null;
		});
		await inFlight;
	}

	return {
		/** A change in the form: buffer it at once, send it shortly. */
		record(slot: number, response: QuestionResponse): SaveAnswer {
			lastSeq = nextSeq(lastSeq, now());
			const answer = { slot, seq: lastSeq, response };
			store(putAnswer(load(), answer));
			if (!closed) {
				if (status !== 'offline') setStatus('pending');
				schedule(status === 'offline' ? backoffMs(failures) : debounceMs);
			}
			return answer;
		},
		flush,
		/** Page hidden or closing: send at once with keepalive (the request outlives the page). */
		flushOnExit(): void {
			if (pendingAnswers(load()).length > 0 && !closed) void options.send(pendingAnswers(load()), { keepalive: true }).catch(() => undefined);
		},
		/** Back online: retry now instead of waiting for the backoff. */
		online(): void {
			failures = 0;
			void flush();
		},
		pending: () => pendingAnswers(load()),
		clear: () => options.storage.removeItem(bufferKey(options.attemptId)),
		status: () => status,
		dispose(): void {
			if (timer !== null) clearTimer(timer);
			timer = null;
		}
	};
}

export type Autosave = ReturnType<typeof createAutosave>;

/** The real transport: POST JSON to the attempt's answers endpoint. */
export function httpTransport(url: string, fetchFn: typeof fetch = fetch): Transport {
	return async (answers, { keepalive }) => {
		let res: Response;
		try {
			res = await fetchFn(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ answers }), keepalive, credentials: 'same-origin' });
		} catch {
			return { kind: 'network' };
		}
		if (res.ok) return { kind: 'saved', result: (await res.json()) as SaveResult };
		if (res.status >= 500) return { kind: 'network' };
		const body = (await res.json().catch(() => ({}))) as { code?: string };
		if (res.status === 409 && body.code === 'quiz.attempt_closed') return { kind: 'closed' };
		return { kind: 'rejected', code: body.code ?? `http.${res.status}` };
	};
}
