import net from 'node:net';

/**
 * A real TCP proxy on loopback for network-fault tests: it forwards to `target` until told
 * to `reset()` its connections (each side gets a TCP RST, as when a firewall or a
 * restarting database drops them) or to go `silent()` (connections are accepted and bytes
 * swallowed, nothing is forwarded or answered: a frozen database host). `heal()` forwards
 * new connections again and resets the silent ones.
 */
export interface TcpProxy {
	port: number;
	/** `url` with its host and port replaced by the proxy's. */
	via(url: string): string;
	/** Connections open right now. */
	readonly open: number;
	reset(): void;
	/** Resets every connection `afterMs` after the next bytes the client sends (a query in flight). */
	resetOnTraffic(afterMs?: number): void;
	silent(): void;
	heal(): void;
	close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
	const pairs = new Set<{ client: net.Socket; upstream: net.Socket | null }>();
	let mode: 'forward' | 'silent' = 'forward';
	let armed: number | null = null;

	const resetPair = (pair: { client: net.Socket; upstream: net.Socket | null }) => {
		pair.client.resetAndDestroy();
		pair.upstream?.resetAndDestroy();
		pairs.delete(pair);
	};

	const server = net.createServer((client) => {
		const pair = { client, upstream: null as net.Socket | null };
		pairs.add(pair);
		client.on('error', () => resetPair(pair));
		client.on('close', () => {
			pair.upstream?.destroy();
			pairs.delete(pair);
		});
		if (mode === 'silent') {
			client.resume(); // read and drop: the peer sees its bytes accepted, and no answer
			return;
		}
		const upstream = net.connect(target.port, target.host);
		pair.upstream = upstream;
		upstream.on('error', () => resetPair(pair));
		upstream.on('close', () => client.destroy());
		client.on('data', () => {
			if (armed === null) return;
			const afterMs = armed;
			armed = null;
			setTimeout(() => api.reset(), afterMs);
		});
		client.pipe(upstream);
		upstream.pipe(client);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;

	const api: TcpProxy = {
		port,
		via(url) {
			const u = new URL(url);
			u.hostname = '127.0.0.1';
			u.port = String(port);
			return u.href;
		},
		get open() {
			return pairs.size;
		},
		reset() {
			for (const pair of [...pairs]) resetPair(pair);
		},
		resetOnTraffic(afterMs = 0) {
			armed = afterMs;
		},
		silent() {
			mode = 'silent';
			// Stop forwarding on the open connections too, in both directions.
			for (const pair of pairs) {
				if (!pair.upstream) continue;
				pair.client.unpipe(pair.upstream);
				pair.upstream.unpipe(pair.client);
				pair.client.resume();
				pair.upstream.resume();
			}
		},
		heal() {
			mode = 'forward';
			// Every connection open now was silenced: its client is waiting for an answer that never comes.
			for (const pair of [...pairs]) resetPair(pair);
		},
		async close() {
			for (const pair of [...pairs]) resetPair(pair);
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
	return api;
}
