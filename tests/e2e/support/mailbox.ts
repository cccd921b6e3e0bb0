import http from 'node:http';
import { startSmtpServer, parseMail, type ParsedMail } from '../../support/smtp';

/**
 * A real SMTP server for the app under test (its SMTP_URL), and a small JSON endpoint on
 * loopback through which the journeys, which run in another process, read what it received.
 */
export async function startMailbox() {
	const smtp = await startSmtpServer();
	const server = http.createServer((req, res) => {
		if (req.method !== 'GET' || req.url !== '/messages') {
			res.writeHead(404).end();
			return;
		}
		res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(smtp.received));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return {
		smtpUrl: smtp.url,
		inboxUrl: `http://127.0.0.1:${port}/messages`,
		async close() {
			await new Promise<void>((resolve) => server.close(() => resolve()));
			await smtp.close();
		}
	};
}

/** Waits for the first message to `to` whose subject matches, as the SMTP server received it. */
export async function waitForMail(inbox: string, to: string, subject: RegExp, timeoutMs = 20_000): Promise<ParsedMail> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const received = (await (await fetch(inbox)).json()) as { envelope: { to: string[] }; raw: string }[];
		for (const message of received) {
			if (!message.envelope.to.includes(to)) continue;
			const mail = parseMail(message.raw);
			if (subject.test(mail.header('subject') ?? '')) return mail;
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`No message to ${to} with a subject like ${subject} within ${timeoutMs / 1000}s`);
}
