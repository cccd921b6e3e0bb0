import fs from 'node:fs';

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

/** Debian's Chromium (or CHROMIUM_PATH). Missing is a failure, never a skip. */
export function chromiumPath(): string {
	const candidate = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
	if (!fs.existsSync(candidate)) {
		throw new Error(`Chromium not found: apt-get install chromium, or set CHROMIUM_PATH (looked for ${candidate})`);
	}
	return candidate;
}
