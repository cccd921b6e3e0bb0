import type { Services } from '$lib/server/services';
import type { UserWithRoles } from '$lib/server/users/users.service';
import type { Locale } from '$lib/i18n';

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
		}
	}
}

export {};
