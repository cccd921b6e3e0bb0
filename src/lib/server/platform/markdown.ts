import MarkdownIt from 'markdown-it';
import Token from 'markdown-it/lib/token.mjs';
import { translate, type Locale } from '../../i18n/index';

/**
 * Safe Markdown for trainer and participant text. Raw HTML is not parsed (it comes out
 * as escaped text), so no script, no event handler attribute and no style can get in;
 * links and images only with http(s), mailto or relative URLs (no javascript:, data:,
 * vbscript:); external links open with rel="noopener noreferrer nofollow ugc".
 * The output is safe to insert with {@html}.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

const allowed = /^(?:https?:|mailto:|\/(?!\/)|#|\.{0,2}\/)/i;
md.validateLink = (url: string) => {
	// eslint-disable-next-line no-control-regex
	const cleaned = url.trim().replace(/[\u0000-\u0020\u007f]/g, '');
	return allowed.test(cleaned) || !/^[a-z][a-z0-9+.-]*:/i.test(cleaned);
};

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
	const href = tokens[idx].attrGet('href') ?? '';
	if (/^https?:/i.test(href)) tokens[idx].attrSet('rel', 'noopener noreferrer nofollow ugc');
	return defaultLinkOpen(tokens, idx, options, env, self);
};

const defaultImage = md.renderer.rules.image!;
md.renderer.rules.image = (tokens, idx, options, env, self) => {
	tokens[idx].attrSet('loading', 'lazy');
	return defaultImage(tokens, idx, options, env, self);
};

const escapeAttr = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The embeddable player for a YouTube or Vimeo address, or null. IDs are checked by pattern, so nothing else gets in. */
export function videoEmbed(href: string): { src: string; host: string } | null {
	let url: URL;
	try {
		url = new URL(href);
	} catch {
		return null;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
	const host = url.hostname.replace(/^www\.|^m\./, '');
	let id: string | null = null;
	if (host === 'youtube.com' && url.pathname === '/watch') id = url.searchParams.get('v');
	else if (host === 'youtu.be') id = url.pathname.slice(1);
	else if (host === 'youtube.com' && url.pathname.startsWith('/embed/')) id = url.pathname.slice(7);
	if (id !== null) return /^[A-Za-z0-9_-]{11}$/.test(id) ? { src: `https://www.youtube-nocookie.com/embed/${id}`, host: 'YouTube' } : null;
	const vimeo = host === 'vimeo.com' ? /^\/(\d{1,12})$/.exec(url.pathname) : null;
	return vimeo ? { src: `https://player.vimeo.com/video/${vimeo[1]}?dnt=1`, host: 'Vimeo' } : null;
}

/**
 * A paragraph holding nothing but a link to a YouTube or Vimeo video becomes a player
 * behind a <details> facade: the third-party frame loads only when the reader opens it
 * (a lazy iframe in a closed <details> is not fetched), and the summary says who will
 * receive their address. The original link stays below as a fallback.
 */
function embedVideos(tokens: Token[], locale: Locale) {
	for (let i = 0; i + 2 < tokens.length; i++) {
		const [open, inline, close] = [tokens[i], tokens[i + 1], tokens[i + 2]];
		if (open.type !== 'paragraph_open' || inline.type !== 'inline' || close.type !== 'paragraph_close') continue;
		const kids = (inline.children ?? []).filter((k) => !(k.type === 'text' && k.content.trim() === ''));
		if (kids.length !== 3 || kids[0].type !== 'link_open' || kids[1].type !== 'text' || kids[2].type !== 'link_close') continue;
		const href = kids[0].attrGet('href') ?? '';
		const video = videoEmbed(href);
		if (!video) continue;
		const title = kids[1].content || video.host;
		const block = new Token('html_block', '', 0);
		block.content =
			`<figure class="video"><details><summary>${escapeAttr(translate(locale, 'materials.video.show', { host: video.host }))}</summary>` +
			`<iframe src="${escapeAttr(video.src)}" title="${escapeAttr(title)}" loading="lazy" allow="fullscreen; picture-in-picture" referrerpolicy="strict-origin-when-cross-origin" sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"></iframe>` +
			`</details><figcaption><a href="${escapeAttr(href)}" rel="noopener noreferrer nofollow ugc">${escapeAttr(title)}</a></figcaption></figure>\n`;
		tokens.splice(i, 3, block);
	}
}

/**
 * Renders Markdown to HTML that is safe to insert into a page. With `videos`, a lesson's
 * stand-alone YouTube/Vimeo links become players that load only when opened.
 */
export function renderMarkdown(source: string, options?: { videos?: { locale: Locale } }): string {
	if (!options?.videos) return md.render(source ?? '');
	const env = {};
	const tokens = md.parse(source ?? '', env);
	embedVideos(tokens, options.videos.locale);
	return md.renderer.render(tokens, md.options, env);
}
