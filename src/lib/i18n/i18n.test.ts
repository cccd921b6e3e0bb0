import { describe, expect, it } from 'vitest';
import { en } from './en';
import { pl } from './pl';
import { negotiateLocale, translate } from './index';

describe('i18n', () => {
	it('has a complete English catalogue with the same placeholders as Polish', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(pl).sort());
		for (const key of Object.keys(pl) as (keyof typeof pl)[]) {
			const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
			expect(names(en[key]), key).toEqual(names(pl[key]));
			expect(en[key].trim(), key).not.toBe('');
		}
	});

	it('fills placeholders and keeps unknown ones visible', () => {
		expect(translate('pl', 'auth.signedInAs', { name: 'Żaneta' })).toBe('Zalogowano jako Żaneta');
		expect(translate('en', 'auth.signedInAs')).toBe('Signed in as {name}');
	});

	it('defaults to Polish, then honours the visitor’s choice, then the account’s saved choice', () => {
		expect(negotiateLocale({})).toBe('pl');
		expect(negotiateLocale({ cookie: 'en' })).toBe('en');
		expect(negotiateLocale({ cookie: 'de' })).toBe('pl');
		expect(negotiateLocale({ cookie: 'en', userLocale: 'pl' })).toBe('pl');
	});
});
