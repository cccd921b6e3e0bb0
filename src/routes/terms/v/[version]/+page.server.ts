import { loadLegalDocument } from '../../document.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadLegalDocument(event, 'terms', event.params.version);
