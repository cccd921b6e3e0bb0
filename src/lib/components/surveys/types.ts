/** Shapes the survey pages receive from their load functions (kept beside the components, no server import). */
export type SurveyQuestionType = 'rating' | 'single' | 'multiple' | 'numeric' | 'short_text' | 'long_text';

export interface SurveyQuestionView {
	id: string;
	type: SurveyQuestionType;
	text: string;
	required: boolean;
	options: {
		choices?: string[];
		scaleMin?: number;
		scaleMax?: number;
		minLabel?: string;
		maxLabel?: string;
		min?: number | null;
		max?: number | null;
	};
}

export interface ResultBar {
	label: string;
	count: number;
	percent: number;
}
