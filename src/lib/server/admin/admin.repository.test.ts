import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as repository from './admin.repository';
import * as admin from './index';

/** The audit log is append-only for the app: no module offers a way to change or remove an entry. */
describe('the audit log repository', () => {
	it('exports only appendAudit and reads', () => {
		const functions = Object.entries(repository).filter(([, value]) => typeof value === 'function').map(([name]) => name);
		expect(functions).toContain('appendAudit');
		for (const name of functions) expect(name, name).toMatch(/^(appendAudit|list[A-Z]\w*|count[A-Z]\w*)$/);
	});

	// admin.privacy.ts is the one exception, outside the app's paths: erasing a person's
	// account unlinks them as actor (the entries stay).
	it('writes to audit_log with insert only: no update or delete in the repository or the service', () => {
		const dir = path.dirname(new URL(import.meta.url).pathname);
		for (const file of ['admin.repository.ts', 'admin.service.ts', 'index.ts']) {
			const source = fs.readFileSync(path.join(dir, file), 'utf8');
			expect(source, file).not.toMatch(/\.(update|delete)\(/);
			expect(source, file).not.toMatch(/\b(update|delete)\s+(from\s+)?"?audit_log/i);
		}
	});

	it('the public surface of the admin module has no write other than appendAudit', () => {
		const functions = Object.entries(admin).filter(([, value]) => typeof value === 'function').map(([name]) => name);
		expect(functions.filter((name) => /update|delete|remove|edit|set|upsert|purge/i.test(name))).toEqual([]);
	});
});
