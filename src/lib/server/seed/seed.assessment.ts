import type { Tx } from '../db/client';
import { activities } from '../courses/courses.tables';
import { questionCategories, questionVersions, questions, quizSlots, quizzes } from '../quiz/quiz.tables';
import { surveyQuestions, surveys } from '../surveys/surveys.tables';
import { defaultReviewOptions, finalTestReviewOptions } from '../../quiz/settings';
import type { QuestionDefinition } from '../../quiz/questions';

const q = (name: string, textMd: string, data: QuestionDefinition['data'], extra: Partial<QuestionDefinition> = {}): QuestionDefinition => ({
	name,
	textMd,
	generalFeedbackMd: '',
	defaultMark: 1,
	penalty: 0.3333333,
	hints: [],
	data,
	...extra
});

/** Questions of the demo GDPR course: one of each automatically graded type. */
export const demoQuestions: QuestionDefinition[] = [
	q(
		'Definicja danych osobowych',
		'Które z poniższych informacji są **danymi osobowymi** w rozumieniu RODO?',
		{
			type: 'multiple',
			shuffle: true,
			scoring: 'partial',
			choices: [
				{ id: 'a', text: 'Imię i nazwisko mieszkańca', fraction: 0.3333333, feedback: 'Tak – identyfikuje osobę bezpośrednio.' },
				{ id: 'b', text: 'Numer PESEL', fraction: 0.3333333, feedback: 'Tak – to unikalny identyfikator osoby.' },
				{ id: 'c', text: 'Adres e-mail jan.kowalski@urzad.gov.pl', fraction: 0.3333334, feedback: 'Tak – wskazuje konkretną osobę.' },
				{ id: 'd', text: 'Liczba wniosków złożonych w urzędzie w 2025 r.', fraction: -1, feedback: 'Nie – to dane statystyczne, nie dotyczą osoby.' }
			]
		},
		{ generalFeedbackMd: 'Dane osobowe to wszelkie informacje o zidentyfikowanej lub możliwej do zidentyfikowania osobie fizycznej (art. 4 pkt 1 RODO).' }
	),
	q('Zgłoszenie naruszenia', 'W ciągu ilu **godzin** administrator zgłasza naruszenie ochrony danych do Prezesa UODO?', {
		type: 'numerical',
		answers: [{ id: 'a', value: 72, tolerance: 0, fraction: 1, feedback: 'Tak – 72 godziny od stwierdzenia naruszenia (art. 33 RODO).' }],
		units: [
			{ unit: 'h', multiplier: 1 },
			{ unit: 'godz.', multiplier: 1 },
			{ unit: 'dni', multiplier: 24 }
		],
		unitRequired: false
	}),
	q('Organ nadzorczy', 'Podaj skrót nazwy polskiego organu nadzorczego ds. ochrony danych osobowych.', {
		type: 'shortanswer',
		caseSensitive: false,
		answers: [
			{ id: 'a', text: 'UODO', fraction: 1, feedback: 'Tak – Urząd Ochrony Danych Osobowych.' },
			{ id: 'b', text: 'Urząd Ochrony Danych*', fraction: 1, feedback: 'Tak.' },
			{ id: 'c', text: 'GIODO', fraction: 0.5, feedback: 'To nazwa organu sprzed 25 maja 2018 r.' }
		]
	}),
	q('Stosowanie RODO', 'RODO stosuje się od 25 maja 2018 r.', { type: 'truefalse', correct: true, feedbackTrue: 'Tak.', feedbackFalse: 'Niestety nie – RODO stosuje się od 25 maja 2018 r.' }),
	q('Zasady przetwarzania', 'Dopasuj zasadę przetwarzania do jej opisu.', {
		type: 'matching',
		shuffle: true,
		pairs: [
			{ id: 'a', prompt: 'Minimalizacja danych', answer: 'tylko dane niezbędne do celu' },
			{ id: 'b', prompt: 'Ograniczenie przechowywania', answer: 'nie dłużej, niż to potrzebne' },
			{ id: 'c', prompt: 'Prawidłowość', answer: 'dane prawidłowe i aktualne' }
		],
		distractors: ['dane jawne dla wszystkich']
	}),
	q('Postępowanie przy naruszeniu', 'Ułóż kroki postępowania pracownika po zauważeniu naruszenia w kolejności.', {
		type: 'ordering',
		scoring: 'absolute',
		items: [
			{ id: 'a', text: 'Zabezpiecz dane, jeśli to możliwe' },
			{ id: 'b', text: 'Niezwłocznie powiadom przełożonego i IOD' },
			{ id: 'c', text: 'Opisz zdarzenie w notatce' }
		]
	}),
	q('Inspektor ochrony danych', 'Kto w urzędzie doradza w sprawach ochrony danych osobowych?', {
		type: 'single',
		shuffle: true,
		choices: [
			{ id: 'a', text: 'Inspektor ochrony danych (IOD)', fraction: 1, feedback: 'Tak.' },
			{ id: 'b', text: 'Rzecznik prasowy', fraction: 0, feedback: 'Nie.' },
			{ id: 'c', text: 'Sekretarz gminy', fraction: 0, feedback: 'Nie – choć często współpracuje z IOD.' }
		]
	})
];

async function insertQuestions(tx: Tx, courseId: string, categoryId: string, definitions: QuestionDefinition[]) {
	const ids: string[] = [];
	for (const definition of definitions) {
		const [question] = await tx.insert(questions).values({ courseId, categoryId }).returning({ id: questions.id });
		await tx.insert(questionVersions).values({ questionId: question.id, version: 1, type: definition.data.type, ...definition });
		ids.push(question.id);
	}
	return ids;
}

/**
 * The demo course's assessments: a practice quiz anyone may try (nothing stored for
 * anonymous visitors), a final test (login required, counts for completion) drawing from
 * the same bank, and an anonymous survey about the course.
 */
export async function seedDemoAssessment(tx: Tx, input: { courseId: string; sectionId: string; firstPosition: number }) {
	const { courseId, sectionId } = input;
	const [category] = await tx.insert(questionCategories).values({ courseId, name: 'RODO – podstawy', description: 'Pytania do kursu o ochronie danych.' }).returning();
	const ids = await insertQuestions(tx, courseId, category.id, demoQuestions);
	const own = { licence: 'cc-by' as const, author: 'Zespół Szkoleń Województwa', attribution: 'Zespół Szkoleń Województwa, CC BY 4.0' };
	const [practice, finalTest, survey] = await tx
		.insert(activities)
		.values([
			{
				courseId,
				sectionId,
				type: 'quiz',
				title: 'Sprawdź się: RODO w pigułce',
				description: 'Quiz do samodzielnego sprawdzenia wiedzy. Bez logowania wynik nie jest zapisywany.',
				position: input.firstPosition,
				required: false,
				completion: 'submit',
				...own
			},
			{
				courseId,
				sectionId,
				type: 'quiz',
				title: 'Test końcowy: ochrona danych osobowych',
				description: 'Test zaliczeniowy kursu. Próg zaliczenia: 60%.',
				position: input.firstPosition + 1,
				required: true,
				completion: 'pass',
				...own
			},
			{
				courseId,
				sectionId,
				type: 'survey',
				title: 'Ocena szkolenia',
				description: 'Anonimowa ankieta: pomóż nam ulepszyć kurs.',
				position: input.firstPosition + 2,
				required: false,
				completion: 'submit',
				...own
			}
		])
		.returning();
	await tx.insert(quizzes).values([
		{ activityId: practice.id, courseId, practice: true, behaviour: 'immediate', questionsPerPage: 0, review: defaultReviewOptions() },
		{
			activityId: finalTest.id,
			courseId,
			finalTest: true,
			behaviour: 'deferred',
			timeLimitSeconds: 15 * 60,
			attemptsAllowed: 3,
			passPercent: 60,
			questionsPerPage: 2,
			shuffleQuestions: true,
			review: finalTestReviewOptions(),
			overallFeedback: [
				{ minPercent: 60, text: 'Gratulacje – test zaliczony.' },
				{ minPercent: 0, text: 'Tym razem się nie udało. Wróć do lekcji i spróbuj ponownie.' }
			]
		}
	]);
	await tx.insert(quizSlots).values(ids.map((questionId, position) => ({ quizId: practice.id, position, questionId, mark: 1 })));
	// The final test: four fixed questions and two drawn at random from the same category.
	await tx.insert(quizSlots).values([
		...ids.slice(0, 4).map((questionId, position) => ({ quizId: finalTest.id, position, questionId, mark: 1 })),
		{ quizId: finalTest.id, position: 4, randomCategoryId: category.id, mark: 1 },
		{ quizId: finalTest.id, position: 5, randomCategoryId: category.id, mark: 1 }
	]);
	await tx.insert(surveys).values({ activityId: survey.id, courseId, anonymous: true });
	await tx.insert(surveyQuestions).values([
		{ surveyId: survey.id, position: 0, type: 'rating', text: 'Jak oceniasz kurs jako całość?', required: true, options: { scaleMin: 1, scaleMax: 5, minLabel: 'bardzo słabo', maxLabel: 'bardzo dobrze' } },
		{ surveyId: survey.id, position: 1, type: 'single', text: 'Czy kurs przyda Ci się w pracy?', required: true, options: { choices: ['Tak', 'Raczej tak', 'Raczej nie', 'Nie'] } },
		{ surveyId: survey.id, position: 2, type: 'long_text', text: 'Co możemy poprawić?', required: false, options: {} }
	]);
}
