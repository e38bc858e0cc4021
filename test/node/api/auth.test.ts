import { afterAll, beforeAll } from 'vitest';
import { registerAuthContract } from '../../contract/auth.contract.ts';
import { startTestServer, type TestServer } from '../../support/node-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

registerAuthContract('node', () => server);
