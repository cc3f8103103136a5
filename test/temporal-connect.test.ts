// A worker or API replica started before Temporal serves (the dev server on a busy machine, a
// cluster still rolling out) waits for it instead of exiting. First a stand-in frontend on the
// port answers every call the way a starting Temporal does ("Frontend is not healthy yet"); then
// the real dev server takes the port over, through a TCP relay.
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it, inject } from 'vitest';
import { loadEnv } from '../config/env.js';
import { connectClient, connectWorker, type OnWait } from '../config/temporal.js';
import { freePort } from '../scripts/ports.js';

/** A gRPC server that refuses every call as UNAVAILABLE, as Temporal's frontend does while it starts. */
async function notHealthyYet(port: number): Promise<{ calls: () => number; stop: () => Promise<void> }> {
  const server = new grpc.Server();
  let calls = 0;
  const refuse: grpc.handleUnaryCall<Buffer, Buffer> = (_call, callback) => {
    calls++;
    callback({ code: grpc.status.UNAVAILABLE, details: 'Frontend is not healthy yet' });
  };
  const raw = (b: Buffer) => b;
  server.addService(
    {
      getSystemInfo: {
        path: '/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo',
        requestStream: false,
        responseStream: false,
        requestSerialize: raw,
        requestDeserialize: raw,
        responseSerialize: raw,
        responseDeserialize: raw,
      },
    },
    { getSystemInfo: refuse },
  );
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err) =>
      err ? reject(err) : resolve(),
    ),
  );
  return { calls: () => calls, stop: () => new Promise((r) => server.tryShutdown(() => r())) };
}

/** The real dev server, reachable on `port`. */
async function relayTo(address: string, port: number, sockets: Socket[]): Promise<Server> {
  const [host, target] = address.split(':') as [string, string];
  const relay = createServer((inbound) => {
    const outbound = tcpConnect(Number(target), host);
    sockets.push(inbound, outbound);
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
  });
  await new Promise<void>((r) => relay.listen(port, '127.0.0.1', r));
  return relay;
}

describe('connecting to Temporal at start', () => {
  const env = loadEnv({ LOG_LEVEL: 'silent' });
  const sockets: Socket[] = [];
  let relay: Server | undefined;
  afterEach(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => (relay ? relay.close(r) : r(undefined)));
  });

  const cases = [
    ['an API replica', (address: string, onWait: OnWait) => connectClient(env, address, onWait)],
    ['a worker', (address: string, onWait: OnWait) => connectWorker(env, address, onWait)],
  ] as const;

  it.each(cases)(
    '%s waits out a frontend that is not healthy yet, says so once, and connects when it serves',
    async (_who, connect) => {
      const port = await freePort();
      const starting = await notHealthyYet(port);
      const waits: unknown[] = [];
      const connecting = connect(`127.0.0.1:${port}`, (err) => waits.push(err));
      // The SDK retries on its own for a while; this is about what happens once it gives up.
      while (waits.length === 0) await new Promise((r) => setTimeout(r, 100));
      expect(starting.calls()).toBeGreaterThan(0);
      expect(String(waits[0])).toMatch(/not healthy|Failed to connect/);
      await starting.stop();
      relay = await relayTo(inject('temporalAddress'), port, sockets);
      const connection = await connecting;
      const closeable = 'connection' in connection ? connection.connection : connection;
      try {
        expect(waits).toHaveLength(1);
        // A real answer through the relay: the namespace the stack uses exists.
        const ns = await closeable.workflowService.describeNamespace({ namespace: env.TEMPORAL_NAMESPACE });
        expect(ns.namespaceInfo?.name).toBe(env.TEMPORAL_NAMESPACE);
      } finally {
        await closeable.close();
      }
    },
    40_000,
  );
});
