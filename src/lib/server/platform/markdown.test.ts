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

describe('videos in lessons', () => {
	it('turns a stand-alone YouTube or Vimeo link into a player that loads only when opened', () => {
		const html = renderMarkdown('Obejrzyj:\n\n[Film o RODO](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n\nhttps://vimeo.com/76979871', { videos: { locale: 'pl' } });
		expect(html).toContain('<details><summary>Pokaż film z serwisu YouTube');
		expect(html).toContain('src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"');
		expect(html).toContain('title="Film o RODO"');
		expect(html).toContain('src="https://player.vimeo.com/video/76979871?dnt=1"');
		expect(html).toContain('loading="lazy"');
		expect(html).toContain('<p>Obejrzyj:</p>');
	});

	it('speaks the reader’s language and leaves links inside text, other hosts and bad ids alone', () => {
		expect(renderMarkdown('https://youtu.be/dQw4w9WgXcQ', { videos: { locale: 'en' } })).toContain('Show the video from YouTube');
		for (const text of ['See https://youtu.be/dQw4w9WgXcQ here', 'https://evil.example/watch?v=dQw4w9WgXcQ', 'https://www.youtube.com/watch?v=bad"id<x>', '[x](javascript:alert(1))']) {
			expect(renderMarkdown(text, { videos: { locale: 'pl' } })).not.toContain('<iframe');
		}
		expect(renderMarkdown('https://youtu.be/dQw4w9WgXcQ')).not.toContain('<iframe');
	});

	it('escapes a hostile link title in the player', () => {
		const html = renderMarkdown('[<img src=x onerror=alert(1)>"](https://youtu.be/dQw4w9WgXcQ)', { videos: { locale: 'pl' } });
		expect(html).not.toMatch(/<img/);
		expect(html).toContain('title="&#60;img src=x onerror=alert(1)&#62;&#34;"');
	});
});
