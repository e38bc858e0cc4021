// The port a consumer uses to reach a producer's message websocket. Hosts implement it (Node: the
// `ws` package, which gives a frame-size limit and protocol pings that the global WebSocket lacks).

export interface ProducerSocket {
  send(text: string): void;
  close(code?: number, reason?: string): void;
  /** Sends a protocol ping; resolves true when the pong arrives within timeoutMs, false otherwise. */
  ping(timeoutMs: number): Promise<boolean>;
}

export interface ProducerSocketEvents {
  onMessage(text: string): void;
  /** Called once, after the socket opened, when it closes for any reason. */
  onClose(code: number, reason: string): void;
}

export interface ProducerConnectOptions {
  /** Largest frame accepted from the producer (message_size_limit). */
  maxPayloadBytes: number;
  handshakeTimeoutMs: number;
  /** Aborts a pending handshake (the consumer is stopping). */
  signal?: AbortSignal;
}

export interface ProducerConnector {
  /** Opens the socket; rejects when the handshake fails (refused, HTTP error, timeout). */
  connect(url: string, options: ProducerConnectOptions, events: ProducerSocketEvents): Promise<ProducerSocket>;
}
