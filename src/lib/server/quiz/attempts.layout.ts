import type { QuestionData } from '../../quiz/questions';

/**
 * Building an attempt: which question version goes in which position and page, and the
 * shuffled order of its choices. Pure: the caller passes the candidates and a random source,
 * so tests (and practice runs) can be reproduced.
 */

export type Random = () => number;

export interface LayoutVersion {
	id: string;
	questionId: string;
	data: QuestionData;
}

export type LayoutSlot =
	| { kind: 'fixed'; mark: number; version: LayoutVersion }
	| { kind: 'random'; mark: number; candidates: LayoutVersion[] };

export interface LayoutQuestion {
	/** The attempt's own position (0-based), after any question shuffle; shown as slot + 1. */
	slot: number;
	page: number;
	questionVersionId: string;
	maxMark: number;
	order: string[];
}

export function shuffled<T>(items: readonly T[], random: Random): T[] {
	const copy = [...items];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[copy[i], copy[j]] = [copy[j], copy[i]];
	}
	return copy;
}

/** A small seeded generator (mulberry32) for reproducible draws, e.g. anonymous practice. */
export function seededRandom(seed: string): Random {
	let h = 1779033703 ^ seed.length;
	for (let i = 0; i < seed.length; i++) {
		h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
		h = (h << 13) | (h >>> 19);
	}
	let a = h >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The answers a matching question offers: every pair's answer and the distractors, without duplicates. */
export function matchingAnswers(data: Extract<QuestionData, { type: 'matching' }>): string[] {
	return [...new Set([...data.pairs.map((p) => p.answer), ...data.distractors])];
}

/**
 * The presented order of a question's parts for one attempt: choice ids (single, multiple),
 * answer texts (matching) or item ids (ordering). Shuffled when the quiz and the question both
 * allow it; ordering items are always shuffled and never start in the right order.
 */
export function presentationOrder(data: QuestionData, shuffleAnswers: boolean, random: Random): string[] {
	switch (data.type) {
		case 'single':
		case 'multiple': {
			const ids = data.choices.map((c) => c.id);
			return shuffleAnswers && data.shuffle ? shuffled(ids, random) : ids;
		}
		case 'matching': {
			const answers = matchingAnswers(data);
			return shuffleAnswers && data.shuffle ? shuffled(answers, random) : answers;
		}
		case 'ordering': {
			const right = data.items.map((i) => i.id);
			let order = shuffled(right, random);
			for (let tries = 0; tries < 10 && order.every((id, i) => id === right[i]); tries++) order = shuffled(right, random);
			if (order.every((id, i) => id === right[i])) order = [...right.slice(1), right[0]];
			return order;
		}
		default:
			return [];
	}
}

/**
 * Slots → the attempt's questions. A random slot draws a question not already used in this
 * attempt (fixed questions count as used). Shuffling questions keeps the page structure:
 * `questionsPerPage` questions per page (0: all on one page). Returns null when a random slot
 * has nothing left to draw.
 */
export function buildLayout(input: { slots: LayoutSlot[]; shuffleQuestions: boolean; shuffleAnswers: boolean; questionsPerPage: number; random: Random }): LayoutQuestion[] | null {
	const used = new Set(input.slots.flatMap((s) => (s.kind === 'fixed' ? [s.version.questionId] : [])));
	const picked: { version: LayoutVersion; mark: number }[] = [];
	for (const slot of input.slots) {
		if (slot.kind === 'fixed') {
			picked.push({ version: slot.version, mark: slot.mark });
			continue;
		}
		const free = slot.candidates.filter((c) => !used.has(c.questionId));
		if (free.length === 0) return null;
		const version = free[Math.floor(input.random() * free.length)];
		used.add(version.questionId);
		picked.push({ version, mark: slot.mark });
	}
	const ordered = input.shuffleQuestions ? shuffled(picked, input.random) : picked;
	const perPage = input.questionsPerPage > 0 ? input.questionsPerPage : Number.POSITIVE_INFINITY;
	return ordered.map((p, index) => ({
		slot: index,
		page: Number.isFinite(perPage) ? Math.floor(index / perPage) : 0,
		questionVersionId: p.version.id,
		maxMark: p.mark,
		order: presentationOrder(p.version.data, input.shuffleAnswers, input.random)
	}));
}

export function pageCountOf(layout: { page: number }[]): number {
	return layout.reduce((max, q) => Math.max(max, q.page + 1), 1);
}
