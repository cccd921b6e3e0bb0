import type { Services } from '../services';

/**
 * Demo content for the embedded default. Nothing to seed yet: demo people live in the
 * development identity provider and get their accounts at first sign-in; the course
 * catalogue (issue: courses) will add its open and closed demo courses here.
 */
export async function seedDemo(_services: Services): Promise<void> {}
