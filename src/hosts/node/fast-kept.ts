// Kept private answers (/show_config, /status, /profit, /version: api/replayable.ts) replayed at the
// node:http level, in front of @hono/node-server (issue 19 point 1), as fast-ping.ts does for
// /ping. A GET of exactly such a path, carrying credentials the app already verified
// (api/auth/already-verified.ts, with the lockout bookkeeping for Basic), that no middleware
// would act on, is answered with the status, headers and body the app itself sent for the same
// kept answer. The bytes are learnt from the app: kept only when the answer's identity was the
// same when the request came in and when the app finished, so they can only belong to it. Every
// other request (another method, a query string, missing, unknown or refused credentials, a Host
// to refuse, CORS, access log, a body) and any answer not kept or changed since goes to the app.

import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { alreadyVerifiedUser } from '../../api/auth/already-verified.ts';
import type { ApiDeps } from '../../api/context.ts';
import { clientIpBehindProxies } from '../../api/middleware/client-ip.ts';
import { pingNeedsFullChain } from '../../api/ping.ts';
import { replayableAnswers } from '../../api/replayable.ts';
import { type Answer, headerOf, learn } from './fast-ping.ts';

type Learnt = Answer & { identity: object };

export function withKeptAnswers(deps: ApiDeps, app: RequestListener): RequestListener {
  const answers = replayableAnswers(deps);
  const learnt = new Map<string, Learnt>();

  /** Sends the learnt answer when it still is the current one; else lets the app answer (and learns). */
  const answer = (req: IncomingMessage, res: ServerResponse, path: string, identity: object | undefined) => {
    const config = deps.config();
    const kept = learnt.get(path);
    if (identity !== undefined && kept?.identity === identity && kept.config === config) {
      res.writeHead(kept.status, kept.headers);
      res.end(kept.body);
      return;
    }
    if (identity !== undefined) {
      const current = answers.lookup(path);
      learn(res, config, (a) => {
        // Same identity when the request came in and now: the app's body is that answer's.
        if (current?.() === identity && deps.config() === config) learnt.set(path, { ...a, identity });
      });
    }
    return app(req, res);
  };

  return (req, res) => {
    const path = req.url;
    const current = req.method === 'GET' && path !== undefined ? answers.lookup(path) : undefined;
    if (!current || path === undefined) return app(req, res);
    const header = (name: string) => headerOf(req, name);
    const authorization = header('authorization');
    const config = deps.config();
    if (!authorization || pingNeedsFullChain(config, 'node', header)) return app(req, res);
    const identity = current();
    if (identity === undefined || learnt.get(path)?.identity !== identity) {
      return answer(req, res, path, identity);
    }
    const ip = () =>
      clientIpBehindProxies(req.socket.remoteAddress, header('x-forwarded-for'), config.api_server.trusted_proxies);
    const user = alreadyVerifiedUser(deps, authorization, ip);
    if (!(user instanceof Promise)) return user ? answer(req, res, path, identity) : app(req, res);
    user.then(
      // The answer may have changed while the lockout bookkeeping ran: `answer` checks again.
      (u) => (u ? answer(req, res, path, current()) : app(req, res)),
      () => app(req, res),
    );
  };
}
