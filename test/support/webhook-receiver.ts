// A loopback HTTP receiver for webhook, Discord and other notification tests: records every
// POST (path, content type, body) and answers as the test says, or never (a dead target).

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPost {
  path: string;
  contentType: string;
  body: string;
  at: number;
}

export type Answer = number | 'hang';

export interface WebhookReceiver {
  url: string;
  posts: ReceivedPost[];
  /** Connections whose request arrived but were never answered (hang mode). */
  hanging: number;
  /** How the next requests are answered: a status code, or 'hang' (never answer). */
  answer: (post: ReceivedPost, index: number) => Answer;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedPost[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(answer: WebhookReceiver['answer'] = () => 200): Promise<WebhookReceiver> {
  const pending = new Set<ServerResponse>();
  const receiver: WebhookReceiver = {
    url: '',
    posts: [],
    hanging: 0,
    answer,
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (receiver.posts.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`expected ${count} posts, got ${receiver.posts.length}: ${JSON.stringify(receiver.posts)}`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      return receiver.posts;
    },
    async close() {
      for (const res of pending) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const post: ReceivedPost = {
        path: req.url ?? '',
        contentType: String(req.headers['content-type'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      const index = receiver.posts.length;
      receiver.posts.push(post);
      const a = receiver.answer(post, index);
      if (a === 'hang') {
        receiver.hanging += 1;
        pending.add(res);
        return;
      }
      res.writeHead(a, { 'content-type': 'text/plain' }).end(a < 300 ? 'ok' : 'error');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
