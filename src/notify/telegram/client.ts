// The few Telegram Bot API methods tickhub uses (getUpdates long polling or setWebhook, sendMessage), against
// a configurable base URL so tests can run a loopback fake.

export interface TelegramUpdate {
  update_id: number;
  message?: {
    message_id: number;
    message_thread_id?: number;
    chat: { id: number | string };
    from?: { id: number | string };
    text?: string;
  };
  callback_query?: {
    id: string;
    data?: string;
    from?: { id: number | string };
    message?: { message_id?: number; message_thread_id?: number; chat: { id: number | string } };
  };
}

export interface SendOptions {
  silent?: boolean;
  keyboard?: string[][];
  inline?: { text: string; callback_data: string }[][];
  parseMode?: string;
  /** telegram.topic_id: the forum topic (message_thread_id) messages go to. */
  topicId?: string;
}

export class TelegramClient {
  private readonly base: string;
  private readonly doFetch: typeof fetch;

  constructor(apiBaseUrl: string, token: string, doFetch: typeof fetch = fetch) {
    this.base = `${apiBaseUrl.replace(/\/+$/, '')}/bot${token}`;
    // Called unbound: workerd's fetch throws "Illegal invocation" when called as a method of another object.
    this.doFetch = (input, init) => doFetch(input, init);
  }

  private async call<T>(method: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const res = await this.doFetch(`${this.base}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    const json = (await res.json().catch(() => ({}))) as { ok?: boolean; result?: T; description?: string };
    if (!res.ok || !json.ok)
      throw new Error(`Telegram ${method} failed: ${res.status} ${json.description ?? ''}`.trim());
    return json.result as T;
  }

  /** Long poll: waits up to `timeoutSecs` for updates after `offset`. */
  getUpdates(offset: number, timeoutSecs: number, signal: AbortSignal): Promise<TelegramUpdate[]> {
    return this.call(
      'getUpdates',
      { offset, timeout: timeoutSecs, allowed_updates: ['message', 'callback_query'] },
      signal,
    );
  }

  /** Webhook mode (edge host): Telegram POSTs updates to `url` with `secretToken` in a header. */
  setWebhook(url: string, secretToken: string): Promise<unknown> {
    return this.call('setWebhook', {
      url,
      secret_token: secretToken,
      allowed_updates: ['message', 'callback_query'],
    });
  }

  answerCallbackQuery(id: string): Promise<unknown> {
    return this.call('answerCallbackQuery', { callback_query_id: id });
  }

  /** The request body of a sendMessage (also what the notification queue posts). */
  messageBody(chatId: string, text: string, opts: SendOptions = {}): Record<string, unknown> {
    const body: Record<string, unknown> = {
      chat_id: chatId,
      text,
      parse_mode: opts.parseMode ?? 'Markdown',
      disable_notification: opts.silent === true,
    };
    if (opts.topicId !== undefined) body.message_thread_id = Number(opts.topicId);
    if (opts.inline) body.reply_markup = { inline_keyboard: opts.inline };
    else if (opts.keyboard) body.reply_markup = { keyboard: opts.keyboard, resize_keyboard: true };
    return body;
  }

  /** The request body of an editMessageText (a button press updates the message it belongs to). */
  editBody(
    chatId: string,
    messageId: number,
    text: string,
    opts: { parseMode?: string; inline?: { text: string; callback_data: string }[][] } = {},
  ): Record<string, unknown> {
    const body: Record<string, unknown> = { chat_id: chatId, message_id: messageId, text };
    if (opts.parseMode) body.parse_mode = opts.parseMode;
    if (opts.inline) body.reply_markup = { inline_keyboard: opts.inline };
    return body;
  }

  get sendMessageUrl(): string {
    return `${this.base}/sendMessage`;
  }

  get editMessageTextUrl(): string {
    return `${this.base}/editMessageText`;
  }
}
