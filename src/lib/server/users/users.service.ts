import type { Db } from '../db/client';
import type { FieldMapping, ProfileField } from '../config/config';
import type { Clock } from '../platform/clock';
import { convertSessionsToNotices, deleteBlockNoticesOfUser } from '../auth/auth.repository';
import { appendAudit } from '../admin/admin.repository';
import * as repo from './users.repository';
import { accountBlocked, cannotBlockSelf, missingSubject, userNotFound } from './users.errors';
import type { Role, UserRow } from './users.tables';

export interface ClaimRules {
	fields: Record<ProfileField, FieldMapping>;
	rolesClaim?: string;
	roleValues: { trainer: string; admin: string; specialist: string };
}

export interface UserWithRoles extends UserRow {
	roles: Role[];
}

const columnOf = {
	given_name: 'givenName',
	family_name: 'familyName',
	email: 'email',
	picture: 'pictureUrl'
} as const satisfies Record<ProfileField, keyof UserRow>;

/** Claims are attacker-controlled input: keep short printable strings, drop anything else. */
function cleanClaim(field: ProfileField, value: unknown): string | null {
	if (typeof value !== 'string') return null;
	// eslint-disable-next-line no-control-regex
	const text = value.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
	if (!text) return null;
	if (field === 'email') return /^[^\s@]+@[^\s@]+$/.test(text) ? text.toLowerCase() : null;
	if (field === 'picture') {
		try {
			const url = new URL(text);
			return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
		} catch {
			return null;
		}
	}
	return text;
}

function claimValue(claims: Record<string, unknown>, path: string): unknown {
	return path.split('.').reduce<unknown>((obj, key) => (obj && typeof obj === 'object' ? (obj as Record<string, unknown>)[key] : undefined), claims);
}

/** Roles named by the provider's roles claim (a string or an array of strings). */
export function rolesFromClaims(claims: Record<string, unknown>, rules: ClaimRules): Role[] {
	if (!rules.rolesClaim) return [];
	const raw = claimValue(claims, rules.rolesClaim);
	const values = new Set((Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : []).filter((v): v is string => typeof v === 'string'));
	const out: Role[] = [];
	for (const role of ['trainer', 'admin', 'specialist'] as const) {
		if (values.has(rules.roleValues[role])) out.push(role);
	}
	return out;
}

function effectiveRoles(rows: { role: Role }[]): Role[] {
	return ['participant', ...new Set(rows.map((r) => r.role).filter((r) => r !== 'participant'))] as Role[];
}

/**
 * Creates or refreshes the account of a signed-in person, keyed by (issuer, subject)
 * only. Fields with rule `login` are refreshed and marked as managed by the provider;
 * fields with rule `create` are set once. A blocked account is refused.
 */
export async function upsertFromClaims(deps: { db: Db; clock: Clock; rules: ClaimRules }, input: { issuer: string; claims: Record<string, unknown> }): Promise<UserWithRoles> {
	const { db, clock, rules } = deps;
	const subject = input.claims.sub;
	if (typeof subject !== 'string' || subject.length === 0) throw missingSubject();
	const now = clock.now();
	return db.transaction(async (tx) => {
		const existing = await repo.findUserByIdentity(tx, input.issuer, subject);
		if (existing?.status === 'blocked') throw accountBlocked(existing.id, existing.blockedReason);
		const values: Partial<Record<(typeof columnOf)[ProfileField], string | null>> = {};
		const managed: ProfileField[] = [];
		for (const [field, mapping] of Object.entries(rules.fields) as [ProfileField, FieldMapping][]) {
			const value = cleanClaim(field, claimValue(input.claims, mapping.claim));
			if (mapping.rule === 'login' && value !== null) managed.push(field);
			if (!existing || (mapping.rule === 'login' && value !== null)) values[columnOf[field]] = value;
		}
		const user = existing
			? await repo.updateUser(tx, existing.id, { ...values, managedFields: managed, lastLoginAt: now, updatedAt: now })
			: await repo.insertUser(tx, { issuer: input.issuer, subject, ...values, managedFields: managed, lastLoginAt: now, createdAt: now, updatedAt: now });
		if (rules.rolesClaim) await repo.replaceIdpRoles(tx, user.id, rolesFromClaims(input.claims, rules));
		return { ...user, roles: effectiveRoles(await repo.listRoles(tx, user.id)) };
	});
}

export async function getUserWithRoles(db: Db, userId: string): Promise<UserWithRoles | undefined> {
	const user = await repo.findUserById(db, userId);
	if (!user) return undefined;
	return { ...user, roles: effectiveRoles(await repo.listRoles(db, userId)) };
}

/**
 * Blocks an account and ends every one of its sessions in the same transaction.
 * `by` is the acting administrator, who cannot block themself.
 */
export async function blockUser(deps: { db: Db; clock: Clock }, input: { userId: string; reason: string; by?: string }) {
	if (input.by === input.userId) throw cannotBlockSelf();
	await deps.db.transaction(async (tx) => {
		const user = await repo.findUserById(tx, input.userId);
		if (!user) throw userNotFound();
		const at = deps.clock.now();
		await repo.updateUser(tx, user.id, { status: 'blocked', blockedReason: input.reason, blockedAt: at, updatedAt: at });
		await convertSessionsToNotices(tx, user.id, at);
		await appendAudit(tx, { at, actorId: input.by ?? null, action: 'users.blocked', targetType: 'user', targetId: user.id, reason: input.reason });
	});
}

export async function unblockUser(deps: { db: Db; clock: Clock }, input: { userId: string; by?: string; note?: string }) {
	await deps.db.transaction(async (tx) => {
		const user = await repo.findUserById(tx, input.userId);
		if (!user) throw userNotFound();
		const at = deps.clock.now();
		await repo.updateUser(tx, user.id, { status: 'active', blockedReason: null, blockedAt: null, updatedAt: at });
		await deleteBlockNoticesOfUser(tx, user.id);
		await appendAudit(tx, { at, actorId: input.by ?? null, action: 'users.unblocked', targetType: 'user', targetId: user.id, reason: input.note ?? null });
	});
}

export async function setLocale(deps: { db: Db }, input: { userId: string; locale: 'pl' | 'en' }) {
	await repo.updateUser(deps.db, input.userId, { locale: input.locale });
}

export async function grantRole(deps: { db: Db }, input: { userId: string; role: Role; grantedBy: string | null }) {
	if (input.role === 'participant') return;
	await repo.insertAppRole(deps.db, input.userId, input.role, input.grantedBy);
}

export async function revokeRole(deps: { db: Db }, input: { userId: string; role: Role }) {
	await repo.deleteAppRole(deps.db, input.userId, input.role);
}

export const listUsers = (deps: { db: Db }, input: { limit: number; offset: number }) =>
	repo.listUsers(deps.db, input.limit, input.offset);
