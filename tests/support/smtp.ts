import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server (the `smtp-server` package) on loopback for the mail tests:
 * plain, unauthenticated, no STARTTLS, exactly what `smtp://127.0.0.1:PORT` asks for.
 * It keeps every accepted message raw, can be taken down (connections refused) and
 * brought back on the same port, can answer RCPT or DATA with an error, and can hold
 * a message in DATA until the test releases it.
 */
export interface ReceivedMail {
	envelope: { from: string; to: string[] };
	raw: string;
}

export interface SmtpReply {
	code: number;
	message: string;
}

export interface TestSmtpServer {
	port: number;
	url: string;
	received: ReceivedMail[];
	/** Answer every RCPT TO with this error (null: accept). */
	rejectRcpt: SmtpReply | null;
	/** Answer the end of every DATA with this error (null: accept). */
	rejectData: SmtpReply | null;
	/** Holds the next messages in DATA until the returned function is called; `entered` resolves when one arrives. */
	hold(): { entered: Promise<void>; release: () => void };
	/** Stops listening: new connections are refused until `up()`. */
	down(): Promise<void>;
	/** Listens again on the same port. */
	up(): Promise<void>;
	close(): Promise<void>;
}

const replyError = (reply: SmtpReply) => Object.assign(new Error(reply.message), { responseCode: reply.code });

export async function startSmtpServer(): Promise<TestSmtpServer> {
	let held: { enter: () => void; gate: Promise<void>; release: () => void } | undefined;

	const state: Pick<TestSmtpServer, 'received' | 'rejectRcpt' | 'rejectData'> = { received: [], rejectRcpt: null, rejectData: null };

	const create = () =>
		new SMTPServer({
			authOptional: true,
			disableReverseLookup: true,
			disabledCommands: ['STARTTLS', 'AUTH'],
			logger: false,
			onRcptTo(_address, _session, callback) {
				callback(state.rejectRcpt ? replyError(state.rejectRcpt) : undefined);
			},
			onData(stream, session, callback) {
				const chunks: Buffer[] = [];
				stream.on('data', (chunk: Buffer) => chunks.push(chunk));
				stream.on('end', async () => {
					const hold = held;
					if (hold) {
						hold.enter();
						await hold.gate;
					}
					if (state.rejectData) return callback(replyError(state.rejectData));
					state.received.push({
						envelope: {
							from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
							to: session.envelope.rcptTo.map((r) => r.address)
						},
						raw: Buffer.concat(chunks).toString('utf8')
					});
					callback(null);
				});
			}
		});

	let server = create();
	const listen = (port: number) =>
		new Promise<number>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => {
				server.off('error', reject);
				resolve((server.server.address() as { port: number }).port);
			});
		});
	const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));

	const port = await listen(0);
	let listening = true;

	return Object.assign(state, {
		port,
		url: `smtp://127.0.0.1:${port}`,
		hold() {
			let enter!: () => void;
			let release!: () => void;
			const entered = new Promise<void>((resolve) => (enter = resolve));
			const gate = new Promise<void>((resolve) => (release = resolve));
			const open = () => {
				held = undefined;
				release();
			};
			held = { enter, gate, release: open };
			return { entered, release: open };
		},
		async down() {
			if (!listening) return;
			listening = false;
			await stop();
		},
		async up() {
			if (listening) return;
			server = create();
			await listen(port);
			listening = true;
		},
		async close() {
			held?.release();
			if (listening) await stop();
			listening = false;
		}
	});
}

// --- A small reader for the messages nodemailer writes (mailparser is not a dependency). ---

export interface ParsedPart {
	contentType: string;
	charset?: string;
	transferEncoding?: string;
	/** The body, transfer-decoded and charset-decoded. */
	body: string;
}

export interface ParsedMail {
	/** Header names in lower case, values unfolded but still encoded. */
	headers: Map<string, string>;
	/** RFC 2047 decoded header value. */
	header(name: string): string | undefined;
	parts: ParsedPart[];
}

function splitHeaderBody(raw: string): { head: string; body: string } {
	const match = /\r?\n\r?\n/.exec(raw);
	if (!match) return { head: raw, body: '' };
	return { head: raw.slice(0, match.index), body: raw.slice(match.index + match[0].length) };
}

function parseHeaders(head: string): Map<string, string> {
	const headers = new Map<string, string>();
	const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
	for (const line of unfolded.split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon <= 0) continue;
		headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
	}
	return headers;
}

function param(value: string, name: string): string | undefined {
	const match = new RegExp(`;\\s*${name}=("([^"]*)"|[^;\\s]+)`, 'i').exec(value);
	return match ? (match[2] ?? match[1]) : undefined;
}

export function decodeQuotedPrintable(input: string): Buffer {
	const soft = input.replace(/=\r?\n/g, '');
	const bytes: number[] = [];
	for (let i = 0; i < soft.length; i++) {
		const ch = soft[i];
		if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
			bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
			i += 2;
		} else {
			bytes.push(...Buffer.from(ch, 'utf8'));
		}
	}
	return Buffer.from(bytes);
}

/** RFC 2047: =?charset?Q|B?text?= words; adjacent words are joined before decoding (a character may span two). */
export function decodeEncodedWords(value: string): string {
	const word = /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g;
	const joined = value.replace(/\?=\s+=\?/g, '?==?');
	let result = '';
	let last = 0;
	let pending: Buffer[] = [];
	const flush = () => {
		if (pending.length) result += Buffer.concat(pending).toString('utf8');
		pending = [];
	};
	for (let m = word.exec(joined); m; m = word.exec(joined)) {
		if (m.index > last) {
			flush();
			result += joined.slice(last, m.index);
		}
		if (!/^utf-?8$/i.test(m[1])) throw new Error(`unexpected charset ${m[1]} in encoded word`);
		pending.push(m[2].toUpperCase() === 'B' ? Buffer.from(m[3], 'base64') : decodeQuotedPrintable(m[3].replace(/_/g, ' ')));
		last = m.index + m[0].length;
	}
	flush();
	return result + joined.slice(last);
}

function decodeBody(body: string, encoding: string | undefined, charset: string | undefined): string {
	const enc = (encoding ?? '7bit').toLowerCase();
	const bytes =
		enc === 'quoted-printable'
			? decodeQuotedPrintable(body)
			: enc === 'base64'
				? Buffer.from(body.replace(/\s+/g, ''), 'base64')
				: Buffer.from(body, 'utf8');
	if (charset && !/^(utf-?8|us-ascii)$/i.test(charset)) throw new Error(`unexpected charset ${charset}`);
	return bytes.toString('utf8');
}

function leafParts(head: Map<string, string>, body: string): ParsedPart[] {
	const contentType = head.get('content-type') ?? 'text/plain';
	const type = contentType.split(';')[0].trim().toLowerCase();
	if (type.startsWith('multipart/')) {
		const boundary = param(contentType, 'boundary');
		if (!boundary) throw new Error('multipart without boundary');
		const sections = body.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}(?:--)?[ \\t]*\\r?\\n?`));
		// sections[0] is the preamble, the last one the epilogue.
		return sections
			.slice(1, -1)
			.filter((s) => s.trim().length > 0)
			.flatMap((section) => {
				const { head: h, body: b } = splitHeaderBody(section);
				return leafParts(parseHeaders(h), b);
			});
	}
	const charset = param(contentType, 'charset');
	const transferEncoding = head.get('content-transfer-encoding');
	return [{ contentType: type, charset, transferEncoding, body: decodeBody(body, transferEncoding, charset) }];
}

export function parseMail(raw: string): ParsedMail {
	const { head, body: data } = splitHeaderBody(raw);
	const headers = parseHeaders(head);
	// The line break ending the last line of DATA belongs to the message, not to a one-part body.
	const body = data.replace(/\r?\n$/, '');
	return {
		headers,
		header: (name) => {
			const value = headers.get(name.toLowerCase());
			return value === undefined ? undefined : decodeEncodedWords(value);
		},
		parts: leafParts(headers, body)
	};
}
