import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('safe Markdown', () => {
	it('renders ordinary Markdown with Polish text', () => {
		const html = renderMarkdown('# Zażółć\n\n**gęślą** [jaźń](https://example.gov.pl/a)');
		expect(html).toContain('<h1>Zażółć</h1>');
		expect(html).toContain('<strong>gęślą</strong>');
		expect(html).toContain('<a href="https://example.gov.pl/a" rel="noopener noreferrer nofollow ugc">jaźń</a>');
	});

	it.each([
		'<script>alert(1)</script>',
		'<img src=x onerror=alert(1)>',
		'[x](javascript:alert(1))',
		'[x](JaVaScRiPt:alert(1))',
		'[x]( javascript:alert(1))',
		'[x](java\tscript:alert(1))',
		'![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
		'[x](vbscript:msgbox(1))',
		'<a href="javascript:alert(1)">x</a>',
		'<svg onload=alert(1)>',
		'<iframe src="https://evil.example"></iframe>',
		'<div style="background:url(javascript:alert(1))">x</div>'
	])('leaves nothing executable in %s', (payload) => {
		const html = renderMarkdown(payload);
		expect(html).not.toMatch(/<(script|img|svg|iframe|div|a)\b[^>]*(on\w+=|javascript:|vbscript:|data:)/i);
		expect(html).not.toMatch(/<(script|iframe|svg)\b/i);
		expect(html).not.toMatch(/href="(?:javascript|vbscript|data):/i);
	});

	it('never emits a raw tag or an event handler, whatever the input', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('<script>', '<img onerror=x>', '[a](javascript:x)', '<b onclick=x>'), (text, payload) => {
				const html = renderMarkdown(`${text}${payload}${text}`);
				expect(html).not.toMatch(/<(script|img|b)\s[^>]*on\w+=/i);
				expect(html).not.toMatch(/<script/i);
				expect(html).not.toMatch(/href="javascript:/i);
			}),
			{ numRuns: 500 }
		);
	});
});
