import { describe, expect, it } from 'vitest';
import { courseCapabilities } from './courses.permissions';

describe('course capabilities', () => {
	it('hides drafts from everyone but their managers', () => {
		expect(courseCapabilities({ relation: 'visitor', visibility: 'public', status: 'draft' }).see).toBe(false);
		expect(courseCapabilities({ relation: 'participant', visibility: 'public', status: 'draft' }).see).toBe(false);
		expect(courseCapabilities({ relation: 'manager', visibility: 'private', status: 'draft' }).readContent).toBe(true);
	});

	it('lets anyone read a public course but only participants save anything', () => {
		const visitor = courseCapabilities({ relation: 'visitor', visibility: 'public', status: 'published' });
		expect(visitor).toMatchObject({ see: true, seeOutline: true, readContent: true, participate: false, edit: false });
	});

	it('shows the outline but not the content of an outline course to visitors', () => {
		const visitor = courseCapabilities({ relation: 'visitor', visibility: 'outline', status: 'published' });
		expect(visitor).toMatchObject({ seeDescription: true, seeOutline: true, readContent: false });
	});

	it('shows only the description of a private course to visitors', () => {
		const visitor = courseCapabilities({ relation: 'visitor', visibility: 'private', status: 'published' });
		expect(visitor).toMatchObject({ seeDescription: true, seeOutline: false, readContent: false });
		const participant = courseCapabilities({ relation: 'participant', visibility: 'private', status: 'published' });
		expect(participant).toMatchObject({ seeOutline: true, readContent: true, participate: true, edit: false, moderate: false });
	});
});
