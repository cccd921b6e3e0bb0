import { error, fail, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { hasMessage, type MessageKey } from '$lib/i18n';
import { clientErrorCode } from '$lib/server/kit/domain-errors';
import { fieldErrors } from '$lib/server/users';

export function notFound(): never {
	error(404, { message: 'Not found', code: 'users.not_found' });
}

/** Domain refusals the admin can act on, with the message shown above the form. */
const messages: Record<string, MessageKey> = {
	'users.cannot_block_self': 'admin.block.self',
	'users.already_blocked': 'admin.block.already',
	'users.not_blocked': 'admin.unblock.notBlocked',
	'users.role_not_grantable': 'admin.roles.roleInvalid',
	'users.role_already_held': 'admin.roles.already',
	'users.role_from_idp': 'admin.roles.fromIdpRefused',
	'users.role_not_held': 'admin.roles.notHeld',
	'users.cannot_revoke_own_admin': 'admin.roles.ownAdmin',
	'users.last_admin': 'admin.roles.lastAdmin',
	'authoring.trainer_not_author': 'admin.trainer.notTrainer',
	'authoring.trainer_already': 'admin.trainer.already',
	'authoring.not_found': 'admin.trainer.courseInvalid'
};

/**
 * The answer to a refused domain call: the form's message (400 for a refusal the page
 * explains, 409 for a conflict), the 404 page for a vanished account; anything else is a 500.
 */
export function failureOf(cause: unknown, action: string, values: Record<string, string>) {
	const code = clientErrorCode(cause);
	if (code === 'users.not_found') notFound();
	const key = code ? messages[code] : undefined;
	if (!key) throw cause;
	return fail(code === 'users.cannot_block_self' ? 400 : 409, { action, values, errors: {} as Record<string, MessageKey>, formError: key });
}

/** Reads the posted form with `schema`; on bad input a 400 with a translated message per field. */
export async function parseForm<S extends z.ZodType<Record<string, unknown>>>(event: RequestEvent, schema: S, action: string, echo: string[]) {
	const form = await event.request.formData();
	const raw = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string').map(([k, v]) => [k, v.slice(0, 2000)]));
	const values = Object.fromEntries(echo.map((name) => [name, raw[name] ?? '']));
	const parsed = schema.safeParse(raw);
	if (parsed.success) return { ok: true as const, data: parsed.data as z.infer<S>, values };
	const errors: Record<string, MessageKey> = {};
	for (const [field, key] of Object.entries(fieldErrors(parsed.error.issues))) if (key && hasMessage(key)) errors[field] = key;
	return { ok: false as const, failure: fail(400, { action, values, errors, formError: null as MessageKey | null }) };
}
