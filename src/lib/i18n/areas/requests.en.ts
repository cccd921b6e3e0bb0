import type { requestsPl } from './requests.pl';

/** English messages of the requests area: every key of requests.pl.ts. */
export const requestsEn: Record<keyof typeof requestsPl, string> = {
	'requests.placeholder': '—'
};
