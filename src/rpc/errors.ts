/**
 * A business error from a bot command (freqtrade's RPCException): the API answers
 * 502 {"error": "Error querying <path>: <message>"}.
 */
export class RpcError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RpcError';
  }
}
