/**
 * A minimal webhook receiver to copy: verifies the `x-trailkit-signature` header, drops duplicate batches by
 * `idempotency-key`, and hands the findings to `onFindings`. Uses only `node:http`.
 *
 *   WEBHOOK_SECRET=... node --import tsx src/receiver.ts   # listens on PORT (default 8080)
 */
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Finding } from '@trailkit/core';
import { verifySignature } from '@trailkit/sink-webhook';

/** Options of {@link createReceiver}. */
export interface ReceiverOptions {
  secret: string;
  onFindings(findings: Finding[], batchId: string): void | Promise<void>;
  /** How many batch ids to remember for duplicate detection. Default 10 000. */
  remember?: number;
  /** Largest accepted body. Default 10 MiB. */
  maxBodyBytes?: number;
}

/** An HTTP server that accepts trailkit webhook batches. Call `.listen(port)` on it. */
export function createReceiver(options: ReceiverOptions): Server {
  const seen = new Set<string>();
  const max = options.maxBodyBytes ?? 10 * 1024 * 1024;
  return createServer((req, res) => {
    if (req.method !== 'POST') return void res.writeHead(405).end();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) req.destroy();
      else chunks.push(c);
    });
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const header = req.headers['x-trailkit-signature'];
      if (
        !verifySignature({
          body,
          header: typeof header === 'string' ? header : undefined,
          secret: options.secret,
        })
      )
        return void res.writeHead(401).end('bad signature');
      const batchId = String(req.headers['idempotency-key'] ?? '');
      if (seen.has(batchId)) return void res.writeHead(200).end('duplicate');
      let parsed: { items?: unknown };
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        return void res.writeHead(400).end('bad json');
      }
      const items = Array.isArray(parsed.items) ? parsed.items : [];
      try {
        await options.onFindings(
          items.filter((i): i is Finding => (i as Finding)?.kind === 'finding'),
          batchId,
        );
      } catch {
        return void res.writeHead(503).end('try again'); // the sender retries 5xx
      }
      seen.add(batchId);
      if (seen.size > (options.remember ?? 10_000)) seen.delete(seen.values().next().value as string);
      res.writeHead(200).end('ok');
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret) throw new Error('set WEBHOOK_SECRET');
  createReceiver({
    secret,
    onFindings: (findings) => {
      for (const f of findings) console.log(`${f.severity.toUpperCase()} ${f.rule.id}: ${f.summary}`);
    },
  }).listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
}
