import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffMs, bufferKey, createAutosave, dropSaved, nextSeq, pendingAnswers, putAnswer, readBuffer, reconcile, type KeyValueStore, type SendOutcome } from './autosave';
import type { SaveAnswer } from '../types/quiz';
import { readPageAnswers, readResponse } from '../components/quiz/response-form';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
	const data = new Map<string, string>();
	return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

/** Timers run only when the test says so. */
function manualTimers() {
	let queue: { id: number; fn: () => void }[] = [];
	let next = 1;
	return {
		setTimer: (fn: () => void) => {
			const id = next++;
			queue.push({ id, fn });
			return id;
		},
		clearTimer: (h: unknown) => {
			queue = queue.filter((t) => t.id !== h);
		},
		runAll: async () => {
			const run = queue;
			queue = [];
			for (const t of run) t.fn();
			await new Promise((r) => setTimeout(r, 0));
		},
		count: () => queue.length
	};
}

const text = (t: string) => ({ type: 'shortanswer' as const, text: t });

describe('autosave buffer rules', () => {
	it('sequence numbers always grow, also when the clock goes back', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 2_000_000_000_000 }), { minLength: 1, maxLength: 50 }), (clock) => {
				let last = 0;
				for (const now of clock) {
					const seq = nextSeq(last, now);
					expect(seq).toBeGreaterThan(last);
					last = seq;
				}
			})
		);
	});

	it('keeps the newest answer of a slot whatever order they arrive in', () => {
		fc.assert(
			fc.property(fc.array(fc.record({ slot: fc.integer({ min: 0, max: 4 }), seq: fc.integer({ min: 1, max: 1000 }), t: fc.string() }), { maxLength: 40 }), (answers) => {
				let buffer = {};
				for (const a of answers) buffer = putAnswer(buffer, { slot: a.slot, seq: a.seq, response: text(a.t) });
				for (const entry of pendingAnswers(buffer)) {
					const max = Math.max(...answers.filter((a) => a.slot === entry.slot).map((a) => a.seq));
					expect(entry.seq).toBe(max);
				}
			})
		);
	});

	it('drops only what the server confirmed; a newer local change stays', () => {
		const buffer = { 0: { seq: 5, response: text('a') }, 1: { seq: 9, response: text('b') } };
		expect(dropSaved(buffer, [{ slot: 0, seq: 5 }, { slot: 1, seq: 7 }])).toEqual({ 1: { seq: 9, response: text('b') } });
		expect(dropSaved(buffer, [{ slot: 0, seq: 6 }])).toEqual({ 1: { seq: 9, response: text('b') } });
	});

	it('on load restores only answers newer than the server copy and forgets older ones', () => {
		const buffer = { 0: { seq: 5, response: text('old') }, 1: { seq: 9, response: text('new') }, 7: { seq: 3, response: text('other page') } };
		const { restore, buffer: kept } = reconcile(buffer, [
			{ slot: 0, responseSeq: 6 },
			{ slot: 1, responseSeq: 8 }
		]);
		expect(restore).toEqual([{ slot: 1, seq: 9, response: text('new') }]);
		expect(Object.keys(kept).sort()).toEqual(['1', '7']);
	});

	it('reads a damaged buffer as empty', () => {
		const store = memoryStore();
		store.setItem(bufferKey('x'), '{not json');
		expect(readBuffer(store, 'x')).toEqual({});
		store.setItem(bufferKey('x'), JSON.stringify({ a: { seq: 1, response: text('') }, 2: { seq: 'x' }, 3: { seq: 4, response: text('ok') } }));
		expect(readBuffer(store, 'x')).toEqual({ 3: { seq: 4, response: text('ok') } });
	});

	it('backs off up to 30 seconds', () => {
		expect([1, 2, 3, 10].map(backoffMs)).toEqual([1000, 2000, 4000, 30_000]);
	});
});

describe('autosave client', () => {
	function setup(outcomes: SendOutcome[] | ((answers: SaveAnswer[]) => SendOutcome | Promise<SendOutcome>)) {
		const storage = memoryStore();
		const timers = manualTimers();
		const sent: SaveAnswer[][] = [];
		const statuses: string[] = [];
		let closed = 0;
		let clock = 1000;
		const save = createAutosave({
			attemptId: 'a1',
			storage,
			now: () => clock,
			setTimer: timers.setTimer,
			clearTimer: timers.clearTimer,
			onStatus: (s) => statuses.push(s),
			onClosed: () => closed++,
			send: async (answers) => {
				sent.push(answers);
				return typeof outcomes === 'function' ? outcomes(answers) : (outcomes.shift() ?? { kind: 'network' });
			}
		});
		return { save, storage, timers, sent, statuses, closed: () => closed, tick: (ms: number) => (clock += ms) };
	}
	const ok = (answers: SaveAnswer[]): SendOutcome => ({
		kind: 'saved',
		result: { saved: answers.map((a) => ({ slot: a.slot, seq: a.seq })), state: 'in_progress', deadlineAt: null, serverNow: new Date().toISOString() }
	});

	it('buffers every change at once and sends the latest after the pause', async () => {
		const s = setup(ok);
		s.save.record(0, text('R'));
		s.tick(10);
		s.save.record(0, text('RO'));
		s.save.record(1, text('x'));
		expect(readBuffer(s.storage, 'a1')[0].response).toEqual(text('RO'));
		expect(s.timers.count()).toBe(1);
		await s.timers.runAll();
		expect(s.sent).toHaveLength(1);
		expect(s.sent[0].map((a) => a.response)).toEqual([text('RO'), text('x')]);
		expect(readBuffer(s.storage, 'a1')).toEqual({});
		expect(s.statuses.at(-1)).toBe('saved');
	});

	it('keeps answers while offline and sends them when the network returns', async () => {
		let online = false;
		const s = setup((answers) => (online ? ok(answers) : { kind: 'network' }));
		s.save.record(2, text('offline answer'));
		await s.timers.runAll();
		expect(s.statuses.at(-1)).toBe('offline');
		expect(pendingAnswers(readBuffer(s.storage, 'a1'))).toHaveLength(1);
		s.save.record(3, text('second'));
		online = true;
		s.save.online();
		await new Promise((r) => setTimeout(r, 0));
		expect(s.sent.at(-1)!.map((a) => a.slot)).toEqual([2, 3]);
		expect(readBuffer(s.storage, 'a1')).toEqual({});
		expect(s.statuses.at(-1)).toBe('saved');
	});

	it('a change made while a save is on its way is not dropped by that save', async () => {
		let release!: () => void;
		const s = setup(async (answers: SaveAnswer[]) => {
			await new Promise<void>((r) => (release = r));
			return ok(answers);
		});
		s.save.record(0, text('first'));
		const flushing = s.save.flush();
		await new Promise((r) => setTimeout(r, 0));
		s.tick(5);
		s.save.record(0, text('second'));
		release();
		await flushing;
		expect(readBuffer(s.storage, 'a1')[0].response).toEqual(text('second'));
	});

	it('clears the buffer and reports when the attempt is closed', async () => {
		const s = setup([{ kind: 'closed' }]);
		s.save.record(0, text('late'));
		await s.save.flush();
		expect(s.storage.data.size).toBe(0);
		expect(s.closed()).toBe(1);
		expect(s.statuses.at(-1)).toBe('closed');
	});
});

describe('reading responses from the form', () => {
	const form = (entries: [string, string][]) => {
		const fd = new FormData();
		for (const [k, v] of entries) fd.append(k, v);
		return fd;
	};

	it('reads each question type', () => {
		expect(readResponse(form([['q.0', 'b']]), 0, 'single')).toEqual({ type: 'single', choice: 'b' });
		expect(readResponse(form([]), 0, 'single')).toEqual({ type: 'single', choice: null });
		expect(readResponse(form([['q.1', 'a'], ['q.1', 'c']]), 1, 'multiple')).toEqual({ type: 'multiple', choices: ['a', 'c'] });
		expect(readResponse(form([['q.2', 'false']]), 2, 'truefalse')).toEqual({ type: 'truefalse', value: false });
		expect(readResponse(form([['q.3', 'Zażółć']]), 3, 'shortanswer')).toEqual({ type: 'shortanswer', text: 'Zażółć' });
		expect(readResponse(form([['q.4.p1', 'Kraków']]), 4, 'matching', { prompts: ['p1', 'p2'] })).toEqual({ type: 'matching', matches: { p1: 'Kraków', p2: '' } });
		expect(readResponse(form([['q.5.pos.a', '2'], ['q.5.pos.b', '1']]), 5, 'ordering', { items: ['a', 'b'] })).toEqual({ type: 'ordering', order: ['b', 'a'] });
	});

	it('reads the whole page with sequence numbers above the rendered ones', () => {
		const answers = readPageAnswers(
			form([
				['slot', '0'],
				['type.0', 'essay'],
				['seq.0', '5000'],
				['had.0', '1'],
				['q.0', 'Tekst'],
				['slot', 'x'],
				['slot', '1'],
				['type.1', 'nonsense']
			]),
			4000
		);
		expect(answers).toEqual([{ slot: 0, seq: 5001, response: { type: 'essay', text: 'Tekst' }, had: true }]);
	});
});
