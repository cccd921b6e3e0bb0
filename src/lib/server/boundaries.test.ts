import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname);

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return /\.(ts|js)$/.test(entry.name) ? [full] : [];
	});
}

const importsOf = (file: string) =>
	[...fs.readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);

/**
 * The framework-free core stays framework-free (STYLE.md, point 7): only kit/ may
 * import SvelteKit, and nothing under src/lib/server reaches into the Fastify process.
 */
describe('module boundaries', () => {
	const files = sourceFiles(root).filter((f) => !f.includes(`${path.sep}kit${path.sep}`));

	it('src/lib/server (outside kit/) imports no $app, $env or @sveltejs/kit', () => {
		const offenders = files.flatMap((file) =>
			importsOf(file)
				.filter((spec) => spec.startsWith('$app/') || spec.startsWith('$env/') || spec.startsWith('@sveltejs/kit'))
				.map((spec) => `${path.relative(root, file)} imports ${spec}`)
		);
		expect(offenders).toEqual([]);
	});

	it('src/lib/server never imports the Fastify process in src/server', () => {
		const offenders = sourceFiles(root).flatMap((file) =>
			importsOf(file)
				.filter((spec) => spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.resolve(root, '../../server')))
				.map((spec) => `${path.relative(root, file)} imports ${spec}`)
		);
		expect(offenders).toEqual([]);
	});

	it('no database client is created at module top level', () => {
		const offenders = files.filter((file) => /^(?:export\s+)?const\s+\w+\s*=\s*(?:postgres\(|new PGlite\(|drizzle\()/m.test(fs.readFileSync(file, 'utf8')));
		expect(offenders).toEqual([]);
	});
});
