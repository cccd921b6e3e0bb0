import { discussionActions, loadDiscussion } from './discussion.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadDiscussion(event);
export const actions: Actions = discussionActions;
