// Refuses configurations that would expose the bot with guessable credentials.

import { isLoopbackAddress } from './ip-address.ts';
import type { Config } from './schema.ts';

/** Values that appear in freqtrade's documentation or defaults: never acceptable off loopback. */
export const EXAMPLE_PASSWORDS = ['SuperSecret1!', 'SuperSecurePassword', 'password', 'freqtrader', 'changeme'];
export const EXAMPLE_WS_TOKENS = ['sercet_Ws_t0ken', 'hZ-y58LXyX_HZ8O1cJzVyN6ePWrLpNQv4Q', 'secret_ws_token'];
export const EXAMPLE_JWT_SECRETS = ['somethingrandom', 'super-secret', 'somethingRandomSomethingRandom123'];
export const MIN_JWT_SECRET_LENGTH = 32;

export interface SecurityFinding {
  key: string;
  message: string;
}

export function securityFindings(config: Config): SecurityFinding[] {
  const api = config.api_server;
  const findings: SecurityFinding[] = [];
  if (!api.password) findings.push({ key: 'api_server.password', message: 'is empty' });
  else if (EXAMPLE_PASSWORDS.includes(api.password))
    findings.push({ key: 'api_server.password', message: 'is an example value from the documentation' });
  const secret = api.jwt_secret_key;
  if (EXAMPLE_JWT_SECRETS.some((s) => s === secret) || (secret && 'super-secret, somethingrandom'.includes(secret)))
    findings.push({ key: 'api_server.jwt_secret_key', message: 'is an example value from the documentation' });
  else if (secret === '')
    findings.push({
      key: 'api_server.jwt_secret_key',
      message: 'is empty: tokens are signed with a random key made for this process and stop working at restart',
    });
  else if (secret.length < MIN_JWT_SECRET_LENGTH)
    findings.push({
      key: 'api_server.jwt_secret_key',
      message: `is shorter than ${MIN_JWT_SECRET_LENGTH} characters`,
    });
  const tokens = Array.isArray(api.ws_token) ? api.ws_token : [api.ws_token];
  for (const t of tokens) {
    if (EXAMPLE_WS_TOKENS.includes(t))
      findings.push({ key: 'api_server.ws_token', message: 'is an example value from the documentation' });
    else if (t.length > 0 && t.length < 16)
      findings.push({ key: 'api_server.ws_token', message: 'is shorter than 16 characters' });
  }
  if (api.readonly_username !== undefined && !api.readonly_password)
    findings.push({ key: 'api_server.readonly_password', message: 'is empty while readonly_username is set' });
  return findings;
}

export interface SecurityVerdict {
  /** Findings that stop the start (listening beyond loopback). */
  fatal: SecurityFinding[];
  /** Findings only worth a warning (loopback). */
  warnings: SecurityFinding[];
}

export function checkSecurity(config: Config): SecurityVerdict {
  const findings = securityFindings(config);
  if (!config.api_server.enabled) return { fatal: [], warnings: [] };
  return isLoopbackAddress(config.api_server.listen_ip_address)
    ? { fatal: [], warnings: findings }
    : { fatal: findings, warnings: [] };
}
