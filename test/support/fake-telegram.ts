// A loopback fake of the Telegram Bot API: getUpdates long polling over a queue the test fills
// (messages from any chat), sendMessage and setWebhook recorded. Only the bot's own token is accepted.
// Tests that run inside workerd read the records over HTTP: GET /__test/sent, /__test/webhooks and /__test/callbacks.

import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  chat_id: string;
  text: string;
  disable_notification?: boolean;
  parse_mode?: string;
  message_thread_id?: number;
  reply_markup?: { keyboard?: string[][]; inline_keyboard?: { text: string; callback_data: string }[][] };
}

export interface EditedMessage extends SentMessage {
  message_id: number;
}

export interface FakeTelegram {
  url: string;
  sent: SentMessage[];
  /** editMessageText bodies (a button press updating its message). */
  edits: EditedMessage[];
  /** Queues a text message from `chatId` (as if a user typed it), in forum topic `topic` when given. */
  say(chatId: number | string, text: string, fromId?: number, topic?: number): void;
  /** Queues an inline-button press in `chatId`'s chat, on the bot's message `messageId` (default 1). */
  press(chatId: number | string, data: string, fromId?: number, messageId?: number, topic?: number): void;
  answeredCallbacks: string[];
  /** The bodies of setWebhook calls. */
  webhooks: Record<string, unknown>[];
  waitForSent(predicate: (m: SentMessage) => boolean, timeoutMs?: number): Promise<SentMessage>;
  close(): Promise<void>;
}

export async function startFakeTelegram(token: string): Promise<FakeTelegram> {
  const updates: unknown[] = [];
  let nextId = 1;
  const waiters = new Set<() => void>();
  const sent: SentMessage[] = [];
  const edits: EditedMessage[] = [];
  const answeredCallbacks: string[] = [];
  const webhooks: Record<string, unknown>[] = [];
  const reply = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      if (req.method === 'GET' && req.url === '/__test/sent') return reply(res, 200, sent);
      if (req.method === 'GET' && req.url === '/__test/webhooks') return reply(res, 200, webhooks);
      if (req.method === 'GET' && req.url === '/__test/edits') return reply(res, 200, edits);
      if (req.method === 'GET' && req.url === '/__test/callbacks') return reply(res, 200, answeredCallbacks);
      const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
      if (!m || m[1] !== token) return reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      if (m[2] === 'sendMessage') {
        sent.push(body as SentMessage);
        return reply(res, 200, { ok: true, result: { message_id: sent.length } });
      }
      if (m[2] === 'editMessageText') {
        edits.push(body as EditedMessage);
        return reply(res, 200, { ok: true, result: { message_id: body.message_id } });
      }
      if (m[2] === 'setWebhook') {
        webhooks.push(body);
        return reply(res, 200, { ok: true, result: true, description: 'Webhook was set' });
      }
      if (m[2] === 'answerCallbackQuery') {
        answeredCallbacks.push(String(body.callback_query_id));
        return reply(res, 200, { ok: true, result: true });
      }
      if (m[2] === 'getUpdates') {
        const pending = () => updates.filter((u) => (u as { update_id: number }).update_id >= (body.offset ?? 0));
        if (pending().length > 0) return reply(res, 200, { ok: true, result: pending() });
        const done = () => {
          waiters.delete(done);
          clearTimeout(timer);
          if (!res.writableEnded) reply(res, 200, { ok: true, result: pending() });
        };
        const timer = setTimeout(done, Math.min(Number(body.timeout ?? 0), 2) * 1000);
        waiters.add(done);
        return;
      }
      reply(res, 404, { ok: false, description: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    edits,
    answeredCallbacks,
    webhooks,
    press(chatId, data, fromId = 42, messageId = 1, topic) {
      const id = nextId++;
      updates.push({
        update_id: id,
        callback_query: {
          id: `cb${id}`,
          data,
          from: { id: fromId },
          message: {
            message_id: messageId,
            ...(topic === undefined ? {} : { message_thread_id: topic }),
            chat: { id: chatId },
          },
        },
      });
      for (const w of [...waiters]) w();
    },
    say(chatId, text, fromId = 42, topic) {
      updates.push({
        update_id: nextId++,
        message: {
          message_id: nextId,
          ...(topic === undefined ? {} : { message_thread_id: topic }),
          chat: { id: chatId },
          from: { id: fromId },
          text,
          date: 0,
        },
      });
      for (const w of [...waiters]) w();
    },
    async waitForSent(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = sent.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no such message; sent: ${JSON.stringify(sent.map((s) => s.text))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      for (const w of [...waiters]) w();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
