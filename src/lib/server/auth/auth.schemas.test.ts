import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { safeReturnTo } from './auth.schemas';

const origin = 'http://127.0.0.1:3000';

/** What a browser does with the Location header the callback sends. */
function landing(returnTo: string) {
	return new URL(returnTo, origin);
}

function expectSamePath(result: string) {
	expect(result.startsWith('/')).toBe(true);
	expect(result.startsWith('//')).toBe(false);
	expect(result.startsWith('/\\')).toBe(false);
	// eslint-disable-next-line no-control-regex
	expect(result).not.toMatch(/[\u0000-\u001f\u007f]/);
	expect(landing(result).origin).toBe(origin);
}

/** Pieces open-redirect payloads are made of: slashes, dots, encodings, schemes, hosts. */
const piece = fc.constantFrom(
	'/', '//', '\\', '.', '..', '%2e', '%2E', '%2F', '%2f', '%5C', '%5c', '%09', '%00', '\t', '\n', '\r', ' ',
	'evil.example', '@', ':', 'https:', 'javascript:', 'data:', '?', '#', '&', '=', 'a', 'profile', 'auth',
	'\u2215', '\uff0f', '\u3002', '%E3%80%82', '127.0.0.1', ':3000'
);
const payload = fc.array(piece, { maxLength: 10 }).map((parts) => parts.join(''));
/** Paths of slashes and dot segments only: where normalisation can turn "/x" into "//host". */
const dotted = fc
	.array(fc.constantFrom('/', '.', '..', '%2e', '%2E.', 'a', 'evil.example'), { minLength: 1, maxLength: 6 })
	.map((parts) => `/${parts.join('')}`);

describe('safeReturnTo', () => {
	it.each([
		'https://evil.example',
		'//evil.example',
		'/\\evil.example',
		'\\/evil.example',
		'javascript:alert(1)',
		'%2F%2Fevil.example',
		'/.//evil.example',
		'/..//evil.example',
		'/%2e//evil.example',
		'/a/..//evil.example',
		'/\t/evil.example',
		'/auth/logout',
		'http://127.0.0.1:3000@evil.example/',
		''
	])('sends %j home instead of anywhere else', (value) => {
		expect(safeReturnTo(value, origin)).toBe('/');
	});

	it.each(['/profile', '/courses/12?tab=materials#top', '/a/%2F%2Fevil'])('keeps the same-origin path %j', (value) => {
		expect(safeReturnTo(value, origin)).toBe(value);
	});

	it('whatever the input, the result is a path starting with a single "/" that resolves to the configured origin', () => {
		fc.assert(
			fc.property(fc.oneof(dotted, payload, payload.map((p) => `/${p}`), fc.string({ unit: 'binary' }), fc.webUrl(), fc.anything()), (input) => {
				expectSamePath(safeReturnTo(input, origin));
			}),
			{ numRuns: 3000, examples: [['/.//evil.example'], ['/..//evil.example'], ['//evil.example'], ['/\\evil.example']] }
		);
	});

	it('a plain same-origin path outside /auth/ comes back unchanged', () => {
		const segment = fc.stringMatching(/^[a-z0-9_-]{1,12}$/);
		fc.assert(
			fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
				fc.pre(segments[0] !== 'auth');
				const path = `/${segments.join('/')}`;
				expect(safeReturnTo(path, origin)).toBe(path);
			}),
			{ numRuns: 500 }
		);
	});
});
