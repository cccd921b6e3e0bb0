import { loadLegalDocument } from '../../../terms/document.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadLegalDocument(event, 'privacy', event.params.version);
