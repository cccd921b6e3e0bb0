import type { SurveyQuestionView } from './types';

/** A question as the values of the trainer's question form. */
export function questionValues(q: SurveyQuestionView): Record<string, string | boolean> {
	const n = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value).replace('.', ','));
	return {
		type: q.type,
		text: q.text,
		required: q.required,
		choices: (q.options.choices ?? []).join('\n'),
		scaleMin: n(q.options.scaleMin ?? 1),
		scaleMax: n(q.options.scaleMax ?? 5),
		minLabel: q.options.minLabel ?? '',
		maxLabel: q.options.maxLabel ?? '',
		min: n(q.options.min),
		max: n(q.options.max)
	};
}
