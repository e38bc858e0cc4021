import { SELF } from 'cloudflare:test';
import { registerAuthContract } from '../contract/auth.contract.ts';

registerAuthContract('workers', () => ({
  fetch: (path: string, init?: RequestInit) => SELF.fetch(`https://tickhub.test${path}`, init as any) as any,
}));
