import * as client from 'openid-client';
import type { Db } from '../db/client';
import type { Clock } from '../platform/clock';
import { hashToken, randomToken } from '../platform/ids';
import type { OidcClient } from '../platform/oidc';
import { isAppError } from '../errors';
import { getUserWithRoles, upsertFromClaims, type ClaimRules, type UserWithRoles } from '../users/users.service';
import { findUserByIdentity, updateUser } from '../users/users.repository';
import * as repo from './auth.repository';
import { accountBlockedWithNotice, callbackRejected, loginTransactionExpired, loginTransactionMissing, providerError } from './auth.errors';
import { safeReturnTo } from './auth.schemas';

/** Cookie holding the random session token (its hash is the key in `sessions`). */
export const SESSION_COOKIE = 'wzp_session';
/** Short-lived cookie binding a sign-in in progress to the browser that started it. */
export const LOGIN_COOKIE = 'wzp_login';

/** How long a started sign-in may take before its state is refused. */
export const LOGIN_TRANSACTION_TTL_MS = 10 * 60_000;
/** last_seen_at is written at most this often per session, to keep reads cheap. */
const TOUCH_INTERVAL_MS = 60_000;

export interface AuthDeps {
	db: Db;
	clock: Clock;
	oidc: OidcClient;
	origin: string;
	rules: ClaimRules;
	session: { idleMs: number; absoluteMs: number };
}

/** Starts a sign-in: stores state, nonce and PKCE verifier under a random id for the browser's cookie. */
export async function startLogin(deps: AuthDeps, input: { returnTo: unknown }) {
	const transactionId = randomToken();
	const state = client.randomState();
	const nonce = client.randomNonce();
	const codeVerifier = client.randomPKCECodeVerifier();
	const authorizationUrl = await deps.oidc.authorizationUrl({ state, nonce, codeVerifier });
	await repo.insertLoginTransaction(deps.db, {
		idHash: hashToken(transactionId),
		state,
		nonce,
		codeVerifier,
		returnTo: safeReturnTo(input.returnTo, deps.origin),
		expiresAt: new Date(deps.clock.now().getTime() + LOGIN_TRANSACTION_TTL_MS)
	});
	return { transactionId, authorizationUrl };
}

/**
 * Finishes a sign-in. The transaction is taken (deleted) before anything else, so a
 * replayed callback finds nothing; a callback from another browser has no cookie.
 * On success a new session is created (the session id rotates at every login).
 */
export async function completeLogin(
	deps: AuthDeps,
	input: { transactionId: string | undefined; query: URLSearchParams; ip?: string }
): Promise<{ sessionToken: string; returnTo: string; user: UserWithRoles }> {
	if (!input.transactionId) throw loginTransactionMissing();
	const transaction = await repo.takeLoginTransaction(deps.db, hashToken(input.transactionId));
	if (!transaction) throw loginTransactionMissing();
	const now = deps.clock.now();
	if (transaction.expiresAt < now) throw loginTransactionExpired();
	const providerErrorCode = input.query.get('error');
	if (providerErrorCode) throw providerError(providerErrorCode.slice(0, 100));

	// The URL handed to openid-client is rebuilt from ORIGIN, never from Host headers.
	const callbackUrl = new URL('/auth/callback', deps.origin);
	callbackUrl.search = input.query.toString();
	let result: Awaited<ReturnType<OidcClient['exchangeCode']>>;
	try {
		result = await deps.oidc.exchangeCode({
			callbackUrl,
			state: transaction.state,
			nonce: transaction.nonce,
			codeVerifier: transaction.codeVerifier
		});
	} catch (error) {
		// openid-client's errors carry `code` and `status` too: only our own AppErrors
		// pass through, the rest (e.g. invalid_grant from PKCE) is a rejected callback.
		if (isAppError(error) && error.name === 'AppError') throw error;
		throw callbackRejected(describeOidcError(error));
	}
	let user: UserWithRoles;
	try {
		user = await upsertFromClaims(deps, { issuer: deps.oidc.settings.issuer, claims: result.claims });
	} catch (error) {
		// The provider authenticated a blocked person: no session, but a notice token so the
		// browser is shown the reason on the blocked page.
		if (isAppError(error) && error.code === 'users.account_blocked' && typeof error.details?.userId === 'string') {
			const noticeToken = randomToken();
			await repo.insertBlockNotices(deps.db, [{ idHash: hashToken(noticeToken), userId: error.details.userId, expiresAt: new Date(now.getTime() + repo.BLOCK_NOTICE_MS) }]);
			throw accountBlockedWithNotice(error, noticeToken);
		}
		throw error;
	}
	if (input.ip) await repo.recordAccess(deps.db, { userId: user.id, ip: input.ip, at: now, signIn: true });
	const sessionToken = randomToken();
	await repo.insertSession(deps.db, {
		idHash: hashToken(sessionToken),
		userId: user.id,
		createdAt: now,
		lastSeenAt: now,
		expiresAt: new Date(now.getTime() + deps.session.absoluteMs),
		idpIssuer: deps.oidc.settings.issuer,
		idpSid: typeof result.claims.sid === 'string' ? result.claims.sid : null,
		idToken: result.idToken
	});
	return { sessionToken, returnTo: transaction.returnTo, user };
}

function describeOidcError(error: unknown): string {
	const e = error as { code?: string; message?: string; error?: string; cause?: unknown };
	// The cause names the failed check (which claim, which signature); keep it for the log.
	const cause = e.cause instanceof Error ? e.cause.message : undefined;
	return [e.code, e.error, e.message, cause].filter(Boolean).join(': ').slice(0, 300) || 'invalid response';
}

export interface ResolvedSession {
	user: UserWithRoles;
	expiresAt: Date;
}

/**
 * Looks up the session behind a cookie token. Expired (idle or absolute) sessions and
 * sessions of blocked accounts are deleted and give null.
 */
export async function resolveSession(
	deps: Pick<AuthDeps, 'db' | 'clock' | 'session'>,
	token: string | undefined,
	request: { ip?: string } = {}
): Promise<ResolvedSession | null> {
	if (!token || token.length > 200) return null;
	const idHash = hashToken(token);
	const session = await repo.findSession(deps.db, idHash);
	if (!session) return null;
	const now = deps.clock.now();
	if (session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > deps.session.idleMs) {
		await repo.deleteSession(deps.db, idHash);
		return null;
	}
	const user = await getUserWithRoles(deps.db, session.userId);
	if (!user) return null;
	if (user.status !== 'active') {
		await deps.db.transaction((tx) => repo.convertSessionsToNotices(tx, user.id, now));
		return null;
	}
	if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
		// At most once a minute per session: last access of the session and the person,
		// and the address they came from (terms §1.2.10, purged after the retention period).
		await repo.touchSession(deps.db, idHash, now);
		await updateUser(deps.db, user.id, { lastAccessAt: now });
		if (request.ip) await repo.recordAccess(deps.db, { userId: user.id, ip: request.ip, at: now, signIn: false });
	}
	return { user, expiresAt: session.expiresAt };
}

export interface BlockNotice {
	userId: string;
	reason: string | null;
}

/**
 * The block notice left under a cookie token by a block (or a refused sign-in), or null.
 * A notice whose account was unblocked or deleted meanwhile is dropped.
 */
export async function findBlockNotice(deps: Pick<AuthDeps, 'db' | 'clock'>, token: string | undefined): Promise<BlockNotice | null> {
	if (!token || token.length > 200) return null;
	const idHash = hashToken(token);
	const notice = await repo.findBlockNotice(deps.db, idHash);
	if (!notice) return null;
	const user = notice.expiresAt > deps.clock.now() ? await getUserWithRoles(deps.db, notice.userId) : undefined;
	if (!user || user.status !== 'blocked') {
		await repo.deleteBlockNotice(deps.db, idHash);
		return null;
	}
	return { userId: user.id, reason: user.blockedReason };
}

/** Forgets the notice behind a token (the person closed the blocked page). */
export async function dismissBlockNotice(deps: Pick<AuthDeps, 'db'>, token: string | undefined) {
	if (token) await repo.deleteBlockNotice(deps.db, hashToken(token));
}

/** Ends the local session and returns the provider's logout URL when it has one. */
export async function logout(deps: Pick<AuthDeps, 'db' | 'oidc'>, token: string | undefined): Promise<{ endSessionUrl?: URL; userId?: string }> {
	if (!token) return {};
	const session = await repo.deleteSession(deps.db, hashToken(token));
	if (!session) return {};
	return { userId: session.userId, endSessionUrl: await deps.oidc.endSessionUrl(session.idToken) };
}

/** OpenID Connect back-channel logout: ends the local sessions the logout token names. */
export async function backchannelLogout(deps: Pick<AuthDeps, 'db' | 'oidc' | 'clock'>, logoutToken: string): Promise<number> {
	const claims = await deps.oidc.verifyLogoutToken(logoutToken, deps.clock.now());
	if (claims.sid) {
		return (await repo.deleteSessionsByIdpSid(deps.db, deps.oidc.settings.issuer, claims.sid)).length;
	}
	const user = await findUserByIdentity(deps.db, deps.oidc.settings.issuer, claims.sub!);
	return user ? (await repo.deleteSessionsOfUser(deps.db, user.id)).length : 0;
}

export async function endAllSessions(deps: Pick<AuthDeps, 'db'>, userId: string) {
	return (await repo.deleteSessionsOfUser(deps.db, userId)).length;
}

export async function purgeExpired(deps: Pick<AuthDeps, 'db' | 'clock' | 'session'>) {
	const now = deps.clock.now();
	await repo.deleteExpired(deps.db, now, new Date(now.getTime() - deps.session.idleMs));
	await repo.deleteExpiredBlockNotices(deps.db, now);
}
