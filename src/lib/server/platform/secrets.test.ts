import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashSecret, verifySecret } from './secrets';

describe('secret hashing (enrolment keys)', () => {
	it('hashes with scrypt and a random salt, and verifies trimmed, NFC-normalised input only', async () => {
		const a = await hashSecret('Tajny-klucz 1');
		const b = await hashSecret('Tajny-klucz 1');
		expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
		expect(a).not.toBe(b);
		expect(await verifySecret({ stored: a, candidate: ' Tajny-klucz 1 ' })).toBe(true);
		expect(await verifySecret({ stored: a, candidate: 'tajny-klucz 1' })).toBe(false);
		expect(await verifySecret({ stored: a, candidate: '' })).toBe(false);
		const composed = await hashSecret('Zażółć');
		expect(await verifySecret({ stored: composed, candidate: 'Zaz\u0307o\u0301\u0142c\u0301' })).toBe(true);
	});

	it('also verifies the short scrypt$salt$hash form', async () => {
		const salt = Buffer.from('0123456789abcdef');
		const stored = `scrypt$${salt.toString('base64url')}$${scryptSync('klucz-1', salt, 32).toString('base64url')}`;
		expect(await verifySecret({ stored, candidate: 'klucz-1' })).toBe(true);
		expect(await verifySecret({ stored, candidate: 'klucz-2' })).toBe(false);
	});

	it('matches nothing against a missing, malformed or tampered hash', async () => {
		for (const stored of [null, undefined, '', 'plain', 'scrypt$$', 'bcrypt$a$b', 'scrypt$999999999$8$1$c2FsdA$aGFzaA', 'scrypt$c2FsdHNhbHRzYWx0$short']) {
			expect(await verifySecret({ stored, candidate: 'klucz' })).toBe(false);
		}
	});
});
