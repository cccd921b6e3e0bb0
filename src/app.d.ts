import type { Services } from '$lib/server/services';
import type { UserWithRoles } from '$lib/server/users/users.service';
import type { Locale } from '$lib/i18n';
import type { BlockNotice } from '$lib/server/auth/auth.service';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
			errorId?: string;
		}
		interface Locals {
			services: Services;
			user: UserWithRoles | null;
			locale: Locale;
			/** Set when the browser's cookie is a block notice: the person's account is blocked. */
			blockNotice: BlockNotice | null;
			/** Set by handleError when the database could not be reached: the answer becomes 503. */
			databaseUnavailable?: boolean;
		}
	}
}

export {};
