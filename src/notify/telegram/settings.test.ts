import { describe, expect, it } from 'vitest';
import { telegramSchema } from '../../config/notify-schema.ts';
import type { Config } from '../../config/schema.ts';
import type { ExitMessage } from '../../rpc/messages.ts';
import { LogHub } from '../../util/logger.ts';
import { notificationSetting, TelegramChannel } from './channel.ts';
import { commandOf, DEFAULT_KEYBOARD, invalidKeyboardKeys, KEYBOARD_KEYS_PRINT } from './commands.ts';

const exit = (reason: string) => ({ type: 'exit', exit_reason: reason }) as unknown as ExitMessage;

describe('telegram settings', () => {
  it("notification_settings: freqtrade's defaults, per-type values, exit per reason with a '*' fallback", () => {
    const defaults = telegramSchema.parse({ enabled: true, token: 't', chat_id: 1 });
    expect(defaults.chat_id).toBe('1');
    expect(notificationSetting(defaults, { type: 'entry_fill' } as never)).toBe('off');
    expect(notificationSetting(defaults, { type: 'exit_fill' } as never)).toBe('on');
    expect(notificationSetting(defaults, { type: 'entry' } as never)).toBe('on');
    const custom = telegramSchema.parse({
      notification_settings: { warning: 'silent', exit: { roi: 'off', stop_loss: 'silent', '*': 'on' } },
    });
    expect(notificationSetting(custom, { type: 'warning', status: 'x' })).toBe('silent');
    expect(notificationSetting(custom, exit('roi'))).toBe('off');
    expect(notificationSetting(custom, exit('stop_loss'))).toBe('silent');
    expect(notificationSetting(custom, exit('exit_signal'))).toBe('on');
  });

  it('a custom keyboard may hold only argument-free commands', () => {
    expect(invalidKeyboardKeys(DEFAULT_KEYBOARD)).toEqual([]);
    expect(
      invalidKeyboardKeys([
        ['/daily 3', '/whitelist'],
        ['/forceexit 1', '/status table', '/foo'],
      ]),
    ).toEqual(['/forceexit 1', '/foo']);
    // freqtrade's error lists its patterns without the "$".
    expect(KEYBOARD_KEYS_PRINT.slice(0, 4)).toEqual(['/start', '/stop', '/status', '/status table']);
    expect(KEYBOARD_KEYS_PRINT).toContain('/daily \\d+');
    expect(KEYBOARD_KEYS_PRINT.at(-1)).toBe('/marketdir');
    const config = {
      telegram: telegramSchema.parse({ enabled: true, token: 't', chat_id: '1', keyboard: [['/status', '/foo']] }),
    } as unknown as Config;
    expect(
      () =>
        new TelegramChannel({
          config: () => config,
          strategy: () => ({ name: 'S', timeframe: '5m' }),
          log: new LogHub(() => 0).logger('t'),
        }),
    ).toThrow(
      /^config\.telegram\.keyboard: Invalid commands for custom Telegram keyboard: \['\/foo'\]\nvalid commands are: \['\/start', '\/stop', /,
    );
  });

  it('reads the command of a message as python-telegram-bot does (lower case, @botname dropped)', () => {
    expect(commandOf('/Status@MyTickhubBot table')).toBe('status');
    expect(commandOf('/fx 3')).toBe('fx');
    expect(commandOf('/nosuchcommand')).toBeUndefined();
    expect(commandOf('status')).toBeUndefined();
  });
});
