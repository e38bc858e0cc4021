// Telegram's webhook mode on the edge: Telegram POSTs each update to /telegram/webhook with the
// configured telegram.webhook_secret in X-Telegram-Bot-Api-Secret-Token. The Worker checks it
// (constant time, before reading the body) and forwards the update to the bot's Durable Object,
// which answers it with the same TelegramChannel code as Node's long polling.

import { safeEqual } from '../../api/auth/compare.ts';
import { jsonResponse } from '../../api/errors.ts';
import type { TelegramChannel } from '../../notify/telegram/channel.ts';
import type { TelegramUpdate } from '../../notify/telegram/client.ts';

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** Telegram retries an update it got no 2xx for; these many recent update ids are remembered. */
const REMEMBERED_UPDATES = 256;
/** How long the answer waits for the reply to leave (Telegram retries after its own timeout). */
const REPLY_WAIT_MS = 10_000;

export function isTelegramWebhook(request: Request): boolean {
  return new URL(request.url).pathname === TELEGRAM_WEBHOOK_PATH;
}

/** The refusal of a webhook request, or undefined when it carries the secret. Reads no body. */
export async function refuseTelegramWebhook(request: Request, secret: string): Promise<Response | undefined> {
  if (secret === '') return jsonResponse({ detail: 'Not Found' }, 404);
  if (request.method !== 'POST') return jsonResponse({ detail: 'Method Not Allowed' }, 405);
  const given = request.headers.get(SECRET_HEADER) ?? '';
  if (!(await safeEqual(given, secret))) return jsonResponse({ detail: 'Unauthorized' }, 401);
  return undefined;
}

function isUpdate(v: unknown): v is TelegramUpdate {
  return typeof v === 'object' && v !== null && Number.isSafeInteger((v as TelegramUpdate).update_id);
}

/** The Durable Object's storage, as far as the recent update ids need it. */
export interface UpdateIdStore {
  get<T>(key: string): Promise<T | undefined>;
  put<T>(key: string, value: T): Promise<void>;
}

const SEEN_KEY = 'telegram:recent_update_ids';

/**
 * The Durable Object's side: one update in, the command answered through the channel. The recent
 * update ids live in the object's storage (written before the command runs), so a Telegram retry
 * that arrives after the object was evicted or restarted is not answered a second time.
 */
export class TelegramWebhook {
  private seen: number[] | undefined;
  private readonly store: UpdateIdStore;

  constructor(store: UpdateIdStore) {
    this.store = store;
  }

  /** True the first time an update id is seen (and remembered durably), false for a retry. */
  private async firstTime(updateId: number): Promise<boolean> {
    this.seen ??= (await this.store.get<number[]>(SEEN_KEY)) ?? [];
    if (this.seen.includes(updateId)) return false;
    this.seen.push(updateId);
    if (this.seen.length > REMEMBERED_UPDATES) this.seen.splice(0, this.seen.length - REMEMBERED_UPDATES);
    await this.store.put(SEEN_KEY, this.seen);
    return true;
  }

  async answer(request: Request, channel: TelegramChannel | undefined, secret: string): Promise<Response> {
    // The object is reached only through the Worker, which has checked already: checked again all the same.
    const refused = await refuseTelegramWebhook(request, channel ? secret : '');
    if (refused || !channel) return refused ?? jsonResponse({ detail: 'Not Found' }, 404);
    let update: unknown;
    try {
      update = JSON.parse(await request.text());
    } catch {
      return jsonResponse({ detail: 'Invalid update: not JSON' }, 400);
    }
    if (!isUpdate(update)) return jsonResponse({ detail: 'Invalid update: no update_id' }, 400);
    if (!(await this.firstTime(update.update_id))) return new Response(null, { status: 200 });
    await channel.handleUpdate(update);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      channel.idle(),
      new Promise((resolve) => {
        timer = setTimeout(resolve, REPLY_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
    return new Response(null, { status: 200 });
  }
}
