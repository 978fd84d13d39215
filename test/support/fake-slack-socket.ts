// A stand-in for Slack's Socket Mode WebSocket server on 127.0.0.1. Socket Mode turns Slack's side around: the app
// asks `apps.connections.open` (the fake Web API, with the app-level token) for a one-time URL, connects to it, gets
// `hello`, and from then on Slack pushes every slash command, click and event down the socket as an envelope that the
// app acknowledges on the same socket with `{ envelope_id, payload }`. This fake hands out those URLs, pushes envelopes
// the test builds, and records everything, so the real @slack/socket-mode client inside Bolt is what gets tested.
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** What Slack sends down the socket for one request. */
export interface FakeEnvelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

/** One WebSocket connection the app opened. */
export interface FakeSocketConnection {
  id: number;
  ticket: string;
  openedAt: number;
  /** Set once the connection is closed, with its close code: 1000 when the app closed it cleanly, 1006 when it was cut. */
  closedAt?: number;
  closeCode?: number;
  /** True when the fake itself cut it (close()), false when the app's side ended it. */
  endedByFake?: boolean;
}

/** A message the app sent on the socket; an ack is one that carries an envelope id. */
export interface FakeSocketMessage {
  connection: number;
  at: number;
  /** The message decoded; `{ _raw }` when it was not JSON. */
  data: Record<string, unknown>;
}

export interface FakeSocketAck {
  envelope_id: string;
  /** The ack's payload (`{}` for a bare ack(); a slash command's or a modal's response otherwise). */
  payload: Record<string, unknown> | undefined;
  connection: number;
  at: number;
}

export interface FakeSlackSocketOptions {
  appId?: string;
}

export interface FakeSlackSocket {
  /** `ws://127.0.0.1:PORT`. */
  origin: string;
  /** A fresh single-use URL, as `apps.connections.open` answers: pass `() => socket.connectionUrl()` to the fake API. */
  connectionUrl(): string;
  /** Every connection ever opened, oldest first (live array). */
  connections: FakeSocketConnection[];
  /** Every envelope (and `disconnect` notice) pushed, in order (live array). */
  sent: Record<string, unknown>[];
  /** Everything the app sent, in order (live array). */
  received: FakeSocketMessage[];
  acks: FakeSocketAck[];
  /** Connections open right now. */
  openCount(): number;
  /** Resolves once `count` connections have been opened (and greeted with hello). */
  waitForConnections(count?: number, timeoutMs?: number): Promise<FakeSocketConnection[]>;
  /** Resolves once `count` connections have closed. */
  waitForClosed(count?: number, timeoutMs?: number): Promise<FakeSocketConnection[]>;
  /** Pushes an envelope on the newest open connection; returns its envelope id. */
  push(type: EnvelopeType, payload: Record<string, unknown>, options?: { envelopeId?: string; retryAttempt?: number; retryReason?: string; acceptsResponsePayload?: boolean }): string;
  /** Resolves with the ack for the envelope; by default it must come within Slack's 3 seconds. */
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<FakeSocketAck>;
  /** push + waitForAck. */
  send(type: EnvelopeType, payload: Record<string, unknown>, options?: Parameters<FakeSlackSocket['push']>[2]): Promise<FakeSocketAck>;
  /** Slack's routine "please reconnect" (`type: disconnect`) on the newest open connection. */
  askToReconnect(reason?: string): void;
  /**
   * A Slack that stops reading: the open connections answer nothing the app sends (not even its close frame) until the
   * returned function is called, which lets the fake see whatever happened meanwhile.
   */
  stopReading(): () => void;
  /** Ends every connection at once and stops listening. */
  close(): Promise<void>;
}

export async function startFakeSlackSocket(options: FakeSlackSocketOptions = {}): Promise<FakeSlackSocket> {
  const appId = options.appId ?? 'A0KAIFANG';
  const tickets = new Set<string>();
  const connections: FakeSocketConnection[] = [];
  const sockets = new Map<number, WebSocket>();
  const endedByFake = new Set<number>();
  const sent: Record<string, unknown>[] = [];
  const received: FakeSocketMessage[] = [];
  const acks: FakeSocketAck[] = [];
  const waiters = new Set<() => boolean>();
  const wake = () => {
    for (const check of [...waiters]) check();
  };

  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    // Slack's URLs carry a one-time ticket: a URL used twice (or made up) is refused before the upgrade.
    verifyClient: (info, done) => {
      const ticket = new URL(info.req.url ?? '/', 'http://127.0.0.1').searchParams.get('ticket') ?? '';
      if (!tickets.delete(ticket)) return done(false, 401, 'invalid ticket');
      done(true);
    },
  });
  await once(wss, 'listening');
  const origin = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;

  wss.on('connection', (ws, req) => {
    const connection: FakeSocketConnection = {
      id: connections.length + 1,
      ticket: new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('ticket') ?? '',
      openedAt: Date.now(),
    };
    connections.push(connection);
    sockets.set(connection.id, ws);
    ws.on('message', (raw, isBinary) => {
      const text = isBinary ? '' : raw.toString();
      let data: Record<string, unknown>;
      try {
        data = JSON.parse(text) as Record<string, unknown>;
      } catch {
        data = { _raw: text };
      }
      const at = Date.now();
      received.push({ connection: connection.id, at, data });
      if (typeof data.envelope_id === 'string')
        acks.push({ envelope_id: data.envelope_id, payload: data.payload as Record<string, unknown> | undefined, connection: connection.id, at });
      wake();
    });
    ws.on('close', (code) => {
      connection.closedAt = Date.now();
      connection.closeCode = code;
      connection.endedByFake = endedByFake.has(connection.id);
      sockets.delete(connection.id);
      wake();
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: sockets.size,
        debug_info: { host: 'applink-fake-127-0-0-1', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: appId },
      }),
    );
    wake();
  });

  function newest(): WebSocket {
    const open = [...sockets.entries()].filter(([, ws]) => ws.readyState === ws.OPEN);
    const last = open.at(-1);
    if (!last) throw new Error('fake Slack socket: no open connection to push on');
    return last[1];
  }

  function waitFor<T>(what: string, ready: () => T | undefined, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = ready();
        if (value === undefined) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`fake Slack socket: waited ${timeoutMs} ms for ${what}; connections: ${connections.length}, acks: ${acks.map((a) => a.envelope_id).join(', ') || 'none'}`));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });
  }

  const socket: FakeSlackSocket = {
    origin,
    connectionUrl() {
      const ticket = randomUUID();
      tickets.add(ticket);
      return `${origin}/link/?ticket=${ticket}&app_id=${appId}`;
    },
    connections,
    sent,
    received,
    acks,
    openCount: () => sockets.size,
    waitForConnections(count = 1, timeoutMs = 5_000) {
      return waitFor(`${count} connection(s)`, () => (connections.length >= count ? connections.slice() : undefined), timeoutMs);
    },
    waitForClosed(count = 1, timeoutMs = 5_000) {
      const closed = () => connections.filter((c) => c.closedAt !== undefined);
      return waitFor(`${count} closed connection(s)`, () => (closed().length >= count ? closed() : undefined), timeoutMs);
    },
    push(type, payload, o = {}) {
      const envelope: FakeEnvelope = {
        envelope_id: o.envelopeId ?? randomUUID(),
        type,
        payload,
        // Slack lets the ack carry a response for commands, modal submissions and option lists, not for clicks or events.
        accepts_response_payload: o.acceptsResponsePayload ?? (type === 'slash_commands' || (type === 'interactive' && ['view_submission', 'block_suggestion'].includes(String(payload.type)))),
        ...(type === 'events_api' ? { retry_attempt: o.retryAttempt ?? 0, retry_reason: o.retryReason ?? '' } : {}),
      };
      newest().send(JSON.stringify(envelope));
      sent.push(envelope as unknown as Record<string, unknown>);
      return envelope.envelope_id;
    },
    waitForAck(envelopeId, timeoutMs = 3_000) {
      return waitFor(`the ack of ${envelopeId}`, () => acks.find((a) => a.envelope_id === envelopeId), timeoutMs);
    },
    send(type, payload, o) {
      return socket.waitForAck(socket.push(type, payload, o));
    },
    askToReconnect(reason = 'refresh_requested') {
      const notice = { type: 'disconnect', reason, debug_info: { host: 'applink-fake-127-0-0-1' } };
      newest().send(JSON.stringify(notice));
      sent.push(notice);
    },
    stopReading() {
      const held = [...sockets.values()];
      for (const ws of held) ws.pause();
      return () => {
        for (const ws of held) ws.resume();
      };
    },
    async close() {
      for (const [id, ws] of sockets) {
        endedByFake.add(id);
        ws.terminate();
      }
      await new Promise<void>((resolve, reject) => wss.close((e) => (e ? reject(e) : resolve())));
    },
  };
  return socket;
}
