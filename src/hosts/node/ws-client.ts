// The Node side of producer/consumer mode: a ProducerConnector over the `ws` package. `ws` rather
// than Node's global WebSocket because it enforces a frame-size limit (message_size_limit) while
// receiving and can send protocol pings for the liveness check.

import WebSocket from 'ws';
import type {
  ProducerConnectOptions,
  ProducerConnector,
  ProducerSocket,
  ProducerSocketEvents,
} from '../../bot/consumer/connector.ts';

const CLOSE_GRACE_MS = 2000;

export const nodeProducerConnector: ProducerConnector = {
  connect(url: string, options: ProducerConnectOptions, events: ProducerSocketEvents): Promise<ProducerSocket> {
    return new Promise((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(new Error('connection aborted'));
        return;
      }
      let opened = false;
      const ws = new WebSocket(url, {
        maxPayload: options.maxPayloadBytes,
        handshakeTimeout: options.handshakeTimeoutMs,
        perMessageDeflate: false,
      });
      ws.on('unexpected-response', (_req, res) => {
        res.resume();
        reject(new Error(`handshake refused with HTTP ${res.statusCode}`));
        ws.terminate();
      });
      ws.on('error', (err) => {
        // Before open this is a failed handshake; after open a 'close' always follows.
        if (!opened) reject(new Error(`cannot connect: ${err.message}`));
      });
      ws.on('message', (data, isBinary) => {
        if (!isBinary) events.onMessage(data.toString());
      });
      ws.on('close', (code, reason) => {
        if (opened) events.onClose(code, reason.toString());
      });
      const abort = () => {
        if (opened) return;
        reject(new Error('connection aborted'));
        ws.terminate();
      };
      options.signal?.addEventListener('abort', abort, { once: true });
      ws.once('open', () => {
        opened = true;
        options.signal?.removeEventListener('abort', abort);
        resolve(socketOf(ws));
      });
    });
  },
};

function socketOf(ws: WebSocket): ProducerSocket {
  return {
    send: (text) => ws.send(text),
    // A peer that does not complete the close handshake quickly (a dead producer) is cut off.
    close: (code, reason) => {
      if (ws.readyState !== ws.CONNECTING && ws.readyState !== ws.OPEN) return;
      ws.close(code, reason);
      setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
    },
    ping: (timeoutMs) =>
      new Promise((resolve) => {
        const onPong = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          ws.off('pong', onPong);
          resolve(false);
        }, timeoutMs);
        ws.once('pong', onPong);
        try {
          ws.ping();
        } catch {
          clearTimeout(timer);
          ws.off('pong', onPong);
          resolve(false);
        }
      }),
  };
}
