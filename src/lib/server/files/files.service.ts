import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Db, DbOrTx } from '../db/client';
import { randomToken } from '../platform/ids';
import * as repo from './files.repository';
import type { FileRow } from './files.repository';
import { fileEmpty, fileNotFound, fileTooLarge, fileTypeNotAllowed } from './files.errors';

export type { FileRow };

/** Largest upload accepted (25 MiB): course PDFs and office documents fit, videos are linked instead. */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;

/** Content types the platform stores. Anything the magic bytes do not identify as one of these is refused. */
export const allowedContentTypes = [
	'application/pdf',
	'image/png',
	'image/jpeg',
	'image/gif',
	'image/webp',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	'application/vnd.oasis.opendocument.text',
	'application/vnd.oasis.opendocument.spreadsheet',
	'application/vnd.oasis.opendocument.presentation',
	'text/plain; charset=utf-8'
] as const;
export type AllowedContentType = (typeof allowedContentTypes)[number];

const startsWith = (bytes: Uint8Array, signature: number[] | string, offset = 0) => {
	const sig = typeof signature === 'string' ? [...Buffer.from(signature, 'latin1')] : signature;
	if (bytes.length < offset + sig.length) return false;
	return sig.every((b, i) => bytes[offset + i] === b);
};

/** Zip containers are told apart by extension, confirmed by the entries they must hold. */
const zipTypes: { ext: string; type: AllowedContentType; marker: string }[] = [
	{ ext: 'docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', marker: 'word/' },
	{ ext: 'xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', marker: 'xl/' },
	{ ext: 'pptx', type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', marker: 'ppt/' },
	{ ext: 'odt', type: 'application/vnd.oasis.opendocument.text', marker: 'application/vnd.oasis.opendocument.text' },
	{ ext: 'ods', type: 'application/vnd.oasis.opendocument.spreadsheet', marker: 'application/vnd.oasis.opendocument.spreadsheet' },
	{ ext: 'odp', type: 'application/vnd.oasis.opendocument.presentation', marker: 'application/vnd.oasis.opendocument.presentation' }
];

const textExtensions = new Set(['txt', 'csv', 'md']);

/** What a browser would sniff as markup: such "text" is refused, whatever its name. */
const looksLikeMarkup = (text: string) => /<\s*(?:!doctype|html|head|body|script|iframe|svg|object|embed|style|img|a\s|\?xml)/i.test(text.slice(0, 1024));

function isPlainText(bytes: Uint8Array): boolean {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return false;
	}
	// eslint-disable-next-line no-control-regex
	return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text) && !looksLikeMarkup(text);
}

/**
 * The content type of `bytes`, decided by their magic bytes (the name only chooses
 * between zip-based office formats and allows plain text); null when not allowed.
 */
export function detectContentType(bytes: Uint8Array, originalName: string): AllowedContentType | null {
	const ext = path.extname(originalName).slice(1).toLowerCase();
	if (startsWith(bytes, '%PDF-')) return 'application/pdf';
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (startsWith(bytes, 'GIF87a') || startsWith(bytes, 'GIF89a')) return 'image/gif';
	if (startsWith(bytes, 'RIFF') && startsWith(bytes, 'WEBP', 8)) return 'image/webp';
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
		const zip = zipTypes.find((z) => z.ext === ext);
		if (!zip) return null;
		return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(zip.marker, 0, 'latin1') ? zip.type : null;
	}
	if (textExtensions.has(ext) && isPlainText(bytes)) return 'text/plain; charset=utf-8';
	return null;
}

/** Keeps the last path segment, printable, at most 200 characters: the name is only ever shown and sent back. */
export function cleanFileName(name: string): string {
	// eslint-disable-next-line no-control-regex
	const base = name.split(/[\\/]/).pop()?.replace(/[\u0000-\u001f\u007f"]/g, '').trim() ?? '';
	return (base || 'plik').slice(-200);
}

export interface StoreFileInput {
	bytes: Uint8Array;
	/** The name the uploader gave: kept for display and download, never trusted for the type. */
	originalName: string;
	uploadedBy: string | null;
}

/** File storage: bytes under `${dataDir}/files/<random key>`, what was verified about them in `files`. */
export interface FileStore {
	/**
	 * Verifies and saves an upload. Throws `files.too_large` (413), `files.empty` (400) or
	 * `files.type_not_allowed` (415). `db` may be a caller's transaction.
	 */
	storeFile(input: StoreFileInput, db?: DbOrTx): Promise<FileRow>;
	/** The row and a stream of the bytes; `files.not_found` (404) when either is missing. */
	readFile(id: string): Promise<{ row: FileRow; stream: Readable }>;
	/** The row only, or undefined. */
	findFile(id: string): Promise<FileRow | undefined>;
	/** Deletes stored bytes whose row is gone (call after the deleting transaction commits); a missing file is not an error. */
	removeBytes(storageKey: string): Promise<void>;
}

export function createFileStore(deps: { db: Db; dataDir: string; maxBytes?: number }): FileStore {
	const dir = path.join(deps.dataDir, 'files');
	const maxBytes = deps.maxBytes ?? MAX_FILE_BYTES;
	const location = (key: string) => path.join(dir, key);

	return {
		async storeFile(input, db = deps.db) {
			if (input.bytes.byteLength > maxBytes) throw fileTooLarge(maxBytes);
			if (input.bytes.byteLength === 0) throw fileEmpty();
			const contentType = detectContentType(input.bytes, input.originalName);
			if (!contentType) throw fileTypeNotAllowed(null);
			const storageKey = randomToken(24);
			await fs.promises.mkdir(dir, { recursive: true });
			await fs.promises.writeFile(location(storageKey), input.bytes, { flag: 'wx', mode: 0o640 });
			try {
				return await repo.insertFile(db, {
					storageKey,
					originalName: cleanFileName(input.originalName),
					contentType,
					size: input.bytes.byteLength,
					sha256: createHash('sha256').update(input.bytes).digest('hex'),
					uploadedBy: input.uploadedBy
				});
			} catch (error) {
				await fs.promises.rm(location(storageKey), { force: true });
				throw error;
			}
		},
		async readFile(id) {
			const row = await repo.findFileById(deps.db, id);
			if (!row) throw fileNotFound();
			const file = location(row.storageKey);
			try {
				await fs.promises.access(file, fs.constants.R_OK);
			} catch {
				throw fileNotFound();
			}
			return { row, stream: fs.createReadStream(file) };
		},
		findFile: (id) => repo.findFileById(deps.db, id),
		async removeBytes(storageKey) {
			if (!/^[A-Za-z0-9_-]+$/.test(storageKey)) return;
			await fs.promises.rm(location(storageKey), { force: true });
		}
	};
}

/**
 * Response headers for serving a stored file: the stored type (never text/html), no
 * sniffing, inline only for PDF and images, a sandboxing policy, a filename per RFC 5987.
 * Chromium refuses to render a PDF under a CSP `sandbox`, so PDFs get a policy that
 * allows no script, object or connection instead; every other type is sandboxed.
 */
export function downloadHeaders(row: Pick<FileRow, 'contentType' | 'originalName' | 'size'>): Record<string, string> {
	const inline = row.contentType === 'application/pdf' || row.contentType.startsWith('image/');
	const ascii = row.originalName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
	const encoded = encodeURIComponent(row.originalName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
	const csp =
		row.contentType === 'application/pdf'
			? "default-src 'none'; script-src 'none'; object-src 'none'; connect-src 'none'; frame-ancestors 'self'"
			: "sandbox; default-src 'none'; img-src 'self'; frame-ancestors 'self'";
	return {
		'content-type': row.contentType,
		'content-length': String(row.size),
		'x-content-type-options': 'nosniff',
		'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encoded}`,
		'content-security-policy': csp,
		'x-frame-options': 'SAMEORIGIN',
		'cross-origin-resource-policy': 'same-origin'
	};
}
