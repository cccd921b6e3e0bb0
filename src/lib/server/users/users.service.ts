import type { Db } from '../db/client';
import type { Config, FieldMapping, ProfileField } from '../config/config';
import type { Clock } from '../platform/clock';
import type { Mailer } from '../mail/mail.service';
import { convertSessionsToNotices, deleteBlockNoticesOfUser } from '../auth/auth.repository';
import { appendAudit } from '../admin/admin.repository';
import { listAuditLog } from '../admin/admin.service';
import * as repo from './users.repository';
import type { UserSearch } from './users.repository';
import { blockedMail, unblockedMail, type ContactLinks } from './users.mail';
import { grantableRoles, type GrantableRole } from './users.permissions';
import {
	accountBlocked,
	alreadyBlocked,
	cannotBlockSelf,
	cannotRevokeOwnAdmin,
	lastAdmin,
	missingSubject,
	notBlocked,
	roleAlreadyHeld,
	roleFromIdp,
	roleNotGrantable,
	roleNotHeld,
	userNotFound
} from './users.errors';
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

/** What blocking, unblocking and role changes need: the services object satisfies it. */
export interface AdminDeps {
	db: Db;
	clock: Clock;
	mail: Pick<Mailer, 'enqueue'>;
	config: Pick<Config, 'origin'> & { privacy: Pick<Config['privacy'], 'contactEmail'> };
}

const linksOf = (config: AdminDeps['config']): ContactLinks => ({ origin: config.origin, contactEmail: config.privacy.contactEmail });

/**
 * Blocks an account: in one transaction the status and reason, every session turned
 * into a block notice (the next request shows the blocked page), the audit entry and
 * the notice email with the reason and how to reach the administrator.
 * `by` is the acting administrator, who cannot block themself.
 */
export async function blockUser(deps: AdminDeps, input: { userId: string; reason: string; by?: string }) {
	if (input.by === input.userId) throw cannotBlockSelf();
	await deps.db.transaction(async (tx) => {
		const user = await repo.lockUser(tx, input.userId);
		if (!user) throw userNotFound();
		if (user.status === 'blocked') throw alreadyBlocked();
		const at = deps.clock.now();
		await repo.updateUser(tx, user.id, { status: 'blocked', blockedReason: input.reason, blockedAt: at, updatedAt: at });
		await convertSessionsToNotices(tx, user.id, at);
		await appendAudit(tx, { at, actorId: input.by ?? null, action: 'users.blocked', targetType: 'user', targetId: user.id, reason: input.reason });
		const mail = blockedMail(user, input.reason, linksOf(deps.config));
		if (mail) await deps.mail.enqueue(mail, tx);
	});
}

/** Unblocks after clarification: the note goes to the audit entry, the person gets a short email. */
export async function unblockUser(deps: AdminDeps, input: { userId: string; by?: string; note: string }) {
	await deps.db.transaction(async (tx) => {
		const user = await repo.lockUser(tx, input.userId);
		if (!user) throw userNotFound();
		if (user.status !== 'blocked') throw notBlocked();
		const at = deps.clock.now();
		await repo.updateUser(tx, user.id, { status: 'active', blockedReason: null, blockedAt: null, updatedAt: at });
		await deleteBlockNoticesOfUser(tx, user.id);
		await appendAudit(tx, { at, actorId: input.by ?? null, action: 'users.unblocked', targetType: 'user', targetId: user.id, reason: input.note });
		const mail = unblockedMail(user, linksOf(deps.config));
		if (mail) await deps.mail.enqueue(mail, tx);
	});
}

export async function setLocale(deps: { db: Db }, input: { userId: string; locale: 'pl' | 'en' }) {
	await repo.updateUser(deps.db, input.userId, { locale: input.locale });
}

const isGrantable = (role: Role): role is GrantableRole => (grantableRoles as readonly Role[]).includes(role);

/** Grants a role in the app (kept across sign-ins), with an audit entry, in one transaction. */
export async function grantRole(deps: { db: Db; clock: Clock }, input: { userId: string; role: Role; by: string | null }) {
	if (!isGrantable(input.role)) throw roleNotGrantable();
	await deps.db.transaction(async (tx) => {
		const user = await repo.lockUser(tx, input.userId);
		if (!user) throw userNotFound();
		if ((await repo.listRoles(tx, user.id)).some((r) => r.role === input.role)) throw roleAlreadyHeld();
		const at = deps.clock.now();
		await repo.insertAppRole(tx, user.id, input.role, input.by, at);
		await appendAudit(tx, { at, actorId: input.by, action: 'users.role_granted', targetType: 'user', targetId: user.id, details: { role: input.role } });
	});
}

/**
 * Revokes a role granted in the app. A role from the identity provider cannot be revoked
 * here (the next sign-in would bring it back); an admin never revokes their own admin
 * role, and the platform is never left without an active administrator.
 */
export async function revokeRole(deps: { db: Db; clock: Clock }, input: { userId: string; role: Role; by: string | null }) {
	if (!isGrantable(input.role)) throw roleNotGrantable();
	if (input.role === 'admin' && input.by === input.userId) throw cannotRevokeOwnAdmin();
	await deps.db.transaction(async (tx) => {
		if (input.role === 'admin') await repo.lockAdminRoles(tx);
		const user = await repo.lockUser(tx, input.userId);
		if (!user) throw userNotFound();
		const held = (await repo.listRoles(tx, user.id)).filter((r) => r.role === input.role);
		if (!held.some((r) => r.source === 'app')) throw held.length > 0 ? roleFromIdp() : roleNotHeld();
		const keepsRole = held.some((r) => r.source === 'idp');
		if (input.role === 'admin' && !keepsRole && user.status === 'active' && (await repo.countOtherActiveAdmins(tx, user.id)) === 0) throw lastAdmin();
		await repo.deleteAppRole(tx, user.id, input.role);
		await appendAudit(tx, { at: deps.clock.now(), actorId: input.by, action: 'users.role_revoked', targetType: 'user', targetId: user.id, details: { role: input.role } });
	});
}

/** One page of the user directory and the number of matching accounts. */
export async function searchUsers(deps: { db: Db; clock: Clock }, input: Omit<UserSearch, 'now' | 'limit' | 'offset'> & { page: number; pageSize: number }) {
	const filter: UserSearch = { ...input, now: deps.clock.now(), limit: input.pageSize, offset: (input.page - 1) * input.pageSize };
	const [rows, total] = await Promise.all([repo.searchUsers(deps.db, filter), repo.countUsers(deps.db, filter)]);
	return { rows: rows.map((row) => ({ ...row, roles: effectiveRoles(row.roles.map((role) => ({ role }))) })), total };
}

/**
 * Everything the admin's page of one person shows: the account, each role with who owns
 * it, the courses they attend or train, and the status history from the audit log.
 */
export async function getUserForAdmin(deps: { db: Db }, input: { userId: string }) {
	const user = await repo.findUserById(deps.db, input.userId);
	if (!user) throw userNotFound();
	const [roleRows, courses, history] = await Promise.all([
		repo.listRoles(deps.db, user.id),
		repo.listCoursesOfUser(deps.db, user.id),
		listAuditLog(deps, { targetType: 'user', targetId: user.id, limit: 50, offset: 0 })
	]);
	return {
		user: { ...user, roles: effectiveRoles(roleRows) },
		grants: roleRows.map((r) => ({ role: r.role, source: r.source, grantedAt: r.grantedAt })),
		courses,
		history: history.entries
	};
}
