import { describe, expect, it } from 'vitest';
import { containsPattern, escapeLike } from './like';

describe('LIKE patterns', () => {
	it('takes %, _ and \\ literally and matches anywhere', () => {
		expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
		expect(containsPattern('żółw')).toBe('%żółw%');
	});
});
