/** Extra development-provider accounts of the quiz journeys (same shape as in accounts.ts). */
export const quizAccounts: { sub: string; username: string; password: string; given_name: string; family_name: string; email: string; roles: string[] }[] = [];
