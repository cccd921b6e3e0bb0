/**
 * Accepts only a same-origin path for returning after sign-in; anything else
 * (absolute URLs, protocol-relative `//host`, backslashes, control characters) becomes `/`.
 */
export function safeReturnTo(value: unknown, origin: string): string {
	if (typeof value !== 'string' || !value.startsWith('/') || value.length > 2000) return '/';
	// eslint-disable-next-line no-control-regex
	if (value.startsWith('//') || value.includes('\\') || /[\u0000-\u001f\u007f]/.test(value)) return '/';
	try {
		const url = new URL(value, origin);
		if (url.origin !== origin) return '/';
		if (url.pathname.startsWith('/auth/')) return '/';
		// Dot segments can normalise to a protocol-relative `//host` ("/.//evil.example").
		if (url.pathname.startsWith('//')) return '/';
		return `${url.pathname}${url.search}${url.hash}`;
	} catch {
		return '/';
	}
}
