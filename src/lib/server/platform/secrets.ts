import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

/**
 * Hashing of short shared secrets typed by people (enrolment keys): scrypt with a random
 * salt, stored as `scrypt$N$r$p$<salt>$<hash>` (base64url) so a hash stays verifiable if
 * the defaults change. Input is trimmed and NFC-normalised (Polish letters typed either way match).
 */
const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options?: { N: number; r: number; p: number }) => Promise<Buffer>;
const KEY_LENGTH = 32;
const PARAMS = { N: 16384, r: 8, p: 1 };
const normalise = (value: string) => value.trim().normalize('NFC');

export async function hashSecret(value: string): Promise<string> {
	const salt = randomBytes(16);
	const hash = await scrypt(normalise(value), salt, KEY_LENGTH, PARAMS);
	return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/**
 * True when `candidate` matches `stored` (constant-time comparison). Accepts
 * `scrypt$N$r$p$<salt>$<hash>` and the short `scrypt$<salt>$<hash>` (default parameters);
 * a missing, malformed or tampered hash (absurd cost parameters) matches nothing.
 */
export async function verifySecret(input: { stored: string | null | undefined; candidate: string }): Promise<boolean> {
	const { stored, candidate } = input;
	if (typeof stored !== 'string' || typeof candidate !== 'string') return false;
	const parts = stored.split('$');
	if (parts[0] !== 'scrypt' || (parts.length !== 3 && parts.length !== 6)) return false;
	const params = parts.length === 6 ? { N: Number(parts[1]), r: Number(parts[2]), p: Number(parts[3]) } : PARAMS;
	if (![params.N, params.r, params.p].every(Number.isInteger) || params.N < 2 || params.N > 2 ** 17 || params.r < 1 || params.r > 16 || params.p !== 1) return false;
	const salt = Buffer.from(parts.at(-2)!, 'base64url');
	const expected = Buffer.from(parts.at(-1)!, 'base64url');
	if (salt.length === 0 || expected.length < 16 || expected.length > 64) return false;
	try {
		const actual = await scrypt(normalise(candidate), salt, expected.length, params);
		return timingSafeEqual(actual, expected);
	} catch {
		return false;
	}
}
