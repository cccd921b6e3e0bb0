import { error, fail, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import type { MessageKey } from '$lib/i18n';
import { clientErrorCode } from '$lib/server/kit/domain-errors';
import { requireCapability } from '$lib/server/kit/guards';
import { renderMarkdown } from '$lib/server/platform/markdown';
import * as legal from '$lib/server/legal/index';
import type { Actions, PageServerLoad } from './$types';

/** The admin and the document kind named by the URL; 404 for anything but terms and privacy. */
function target(event: RequestEvent<{ kind: string }>) {
	const admin = requireCapability(event, 'legal:manage');
	const kind = legal.documentKind.safeParse(event.params.kind);
	if (!kind.success) error(404, { message: 'Not found', code: 'legal.not_found' });
	return { admin, kind: kind.data };
}

export const load: PageServerLoad = async (event) => {
	const { kind } = target(event);
	const start = await legal.draftOrCurrent(event.locals.services.db, kind);
	return { kind, source: start.source, values: start.content, draftSavedAt: start.updatedAt?.toISOString() ?? null };
};

/** Domain refusals an admin can act on, shown above the form. */
const refusals: Record<string, MessageKey> = {
	'legal.no_draft': 'legal.error.noDraft',
	'legal.publish_conflict': 'legal.error.publishConflict',
	'legal.change_note_required': 'legal.error.changeNote'
};

/** Parses the form with `schema`: the data, or a 400 with the first message per field and what was typed. */
async function read<S extends z.ZodType>(event: RequestEvent, action: string, schema: S) {
	const values = legal.formValues(await event.request.formData());
	const parsed = schema.safeParse(values);
	if (parsed.success) return { ok: true as const, data: parsed.data as z.infer<S>, values };
	return { ok: false as const, failure: fail(400, { action, values, errors: legal.fieldErrors(parsed.error), formError: 'legal.edit.formError' as MessageKey }) };
}

async function run(action: string, values: Record<string, string>, work: Promise<unknown>) {
	try {
		await work;
		return null;
	} catch (cause) {
		const key = refusals[clientErrorCode(cause) ?? ''];
		if (!key) throw cause;
		return fail(409, { action, values, errors: {} as Record<string, string>, formError: key });
	}
}

const contentOf = (d: z.infer<typeof legal.draftForm>) => ({ titlePl: d.titlePl, bodyPl: d.bodyPl, titleEn: d.titleEn, bodyEn: d.bodyEn, changeNote: d.changeNote });

export const actions: Actions = {
	/** Renders the typed text without saving anything. */
	preview: async (event) => {
		target(event);
		const values = legal.formValues(await event.request.formData());
		return { action: 'preview', values, preview: { pl: renderMarkdown(values.bodyPl ?? ''), en: renderMarkdown(values.bodyEn ?? '') } };
	},
	save: async (event) => {
		const { admin, kind } = target(event);
		const form = await read(event, 'save', legal.draftForm);
		if (!form.ok) return form.failure;
		const { db, clock } = event.locals.services;
		const refused = await run('save', form.values, legal.saveDraft({ db, clock }, { kind, actorId: admin.id, content: contentOf(form.data) }));
		return refused ?? { action: 'save', done: 'legal.edit.saved' as MessageKey };
	},
	/** Saves the typed text and publishes it as the next version, in one transaction. */
	publish: async (event) => {
		const { admin, kind } = target(event);
		const form = await read(event, 'publish', legal.publishForm);
		if (!form.ok) return form.failure;
		const { db, clock } = event.locals.services;
		let version = 0;
		const refused = await run(
			'publish',
			form.values,
			legal.publishDraft({ db, clock }, { kind, actorId: admin.id, content: contentOf(form.data) }).then((r) => (version = r.version))
		);
		return refused ?? { action: 'publish', done: 'legal.edit.published' as MessageKey, params: { version } };
	},
	discard: async (event) => {
		const { admin, kind } = target(event);
		const form = await read(event, 'discard', legal.discardForm);
		if (!form.ok) return form.failure;
		const { db, clock } = event.locals.services;
		const refused = await run('discard', {}, legal.discardDraft({ db, clock }, { kind, actorId: admin.id }));
		return refused ?? { action: 'discard', done: 'legal.edit.discarded' as MessageKey };
	}
};
