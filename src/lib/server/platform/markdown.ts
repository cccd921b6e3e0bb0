import MarkdownIt from 'markdown-it';

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

/** Renders Markdown to HTML that is safe to insert into a page. */
export function renderMarkdown(source: string): string {
	return md.render(source ?? '');
}
