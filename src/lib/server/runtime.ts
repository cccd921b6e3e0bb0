import type { Services } from './services';

/**
 * The bridge between the Fastify process and SvelteKit, which loads its own copy of
 * src/lib/server. main.ts builds the services once and puts them here; hooks.server.ts
 * reads them into `locals`. One slot, written at start, never mutated per request.
 */
const SLOT = Symbol.for('wzp-platform.services');
type Holder = { [SLOT]?: Services };

export function setRuntimeServices(services: Services | undefined): void {
	(globalThis as Holder)[SLOT] = services;
}

export function getRuntimeServices(): Services {
	const services = (globalThis as Holder)[SLOT];
	if (!services) throw new Error('Services are not initialised: start the platform through src/server/main.ts');
	return services;
}
