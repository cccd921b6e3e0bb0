import { createHash, randomBytes } from 'node:crypto';

/** A 256-bit random token, base64url: session ids, login transaction ids, confirmation links. */
export function randomToken(bytes = 32): string {
	return randomBytes(bytes).toString('base64url');
}

/** The stored form of a bearer token: its SHA-256, so the database never holds the usable value. */
export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('base64url');
}
