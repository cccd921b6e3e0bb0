import { createHash } from 'node:crypto';
import { escapeHtml } from '../../lib/server/platform/html';

/**
 * Pages of the development identity provider. Plain HTML on purpose: this is a
 * stand-in for the region's SSO, not part of the platform's interface. They still
 * pass the accessibility checks the end-to-end tests run on every page.
 */

const style = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f2f2f2;color:#1b1b1b;line-height:1.5}
main{max-width:28rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-top:6px solid #7a1f1f}
.banner{background:#fff4ce;border:2px solid #8a6d00;padding:.5rem 1rem;margin-bottom:1rem}
label{display:block;font-weight:600;margin-top:1rem}
input{font:inherit;width:100%;box-sizing:border-box;padding:.5rem;border:2px solid #1b1b1b;margin-top:.25rem}
input:focus,button:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:0 0 0 6px #1b1b1b}
button{font:inherit;font-weight:600;margin-top:1.25rem;padding:.6rem 1.2rem;background:#0b5394;color:#fff;border:0;cursor:pointer}
.error{color:#a10000;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin-top:1rem}th,td{border:1px solid #666;padding:.25rem .5rem;text-align:left}
`;

/** Content-Security-Policy of these pages: the one inline stylesheet is allowed by its hash. */
export const devIdpCsp = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

function layout(title: string, body: string): string {
	return `<!doctype html><html lang="pl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${style}</style></head><body><main>${body}</main></body></html>`;
}

export function loginPage(input: { uid: string; actionPath: string; error?: boolean; username?: string; accounts: { username: string; role: string }[] }): string {
	const rows = input.accounts.map((a) => `<tr><td>${escapeHtml(a.username)}</td><td>demo</td><td>${escapeHtml(a.role)}</td></tr>`).join('');
	return layout(
		'Logowanie – deweloperski dostawca tożsamości',
		`<p class="banner" role="note"><strong>Deweloperski dostawca tożsamości.</strong> Nie używać produkcyjnie. <span lang="en">Development identity provider — not for production.</span></p>
<h1>Zaloguj się <span lang="en">(Sign in)</span></h1>
${input.error ? '<p class="error" role="alert" id="login-error">Nieprawidłowa nazwa użytkownika lub hasło. <span lang="en">Wrong username or password.</span></p>' : ''}
<form method="post" action="${escapeHtml(input.actionPath)}">
<label for="username">Nazwa użytkownika <span lang="en">(Username)</span></label>
<input id="username" name="username" autocomplete="username" required value="${escapeHtml(input.username ?? '')}" ${input.error ? 'aria-describedby="login-error" aria-invalid="true"' : ''}>
<label for="password">Hasło <span lang="en">(Password)</span></label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Zaloguj <span lang="en">(Sign in)</span></button>
</form>
<h2>Konta demonstracyjne <span lang="en">(Demo accounts)</span></h2>
<table><thead><tr><th scope="col">Login</th><th scope="col">Hasło</th><th scope="col">Rola</th></tr></thead><tbody>${rows}</tbody></table>`
	);
}

export function logoutPage(formHtml: string): string {
	return layout(
		'Wylogowanie – deweloperski dostawca tożsamości',
		`<h1>Wylogować się także z dostawcy tożsamości? <span lang="en">(Sign out of the identity provider too?)</span></h1>
${formHtml}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Tak, wyloguj <span lang="en">(Yes, sign out)</span></button>
<button type="submit" form="op.logoutForm">Nie <span lang="en">(No)</span></button>`
	);
}

export function messagePage(title: string, text: string): string {
	return layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p><a href="/">Strona główna platformy <span lang="en">(Platform home)</span></a></p>`);
}
