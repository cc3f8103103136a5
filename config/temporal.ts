import { setTimeout as sleep } from 'node:timers/promises';
import { Connection, Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Env } from './env.js';

/** Connection options shared by the client and the worker: address, TLS and API key (Temporal Cloud). */
function connectionOptions(env: Env, address: string) {
  return {
    address,
    tls: env.TEMPORAL_TLS || Boolean(env.TEMPORAL_API_KEY) ? {} : undefined,
    apiKey: env.TEMPORAL_API_KEY,
  };
}

/** How long a starting process waits for a Temporal frontend that is up but not serving yet. */
const STARTUP_WAIT_MS = 60_000;

/**
 * A frontend that has opened its port can still answer "Frontend is not healthy yet" for a few
 * seconds (the dev server on a busy machine; a cluster rolling out). That is worth waiting for;
 * a refused API key or a bad address is not.
 */
const notReadyYet = (err: unknown) => {
  const said = [err, err instanceof Error ? err.cause : undefined].map((e) =>
    e instanceof Error ? e.message : String(e),
  );
  return said.some((m) => /not healthy|unavailable|ECONNREFUSED|DEADLINE_EXCEEDED|Failed to connect/i.test(m));
};

/** Told once, on the first refusal worth waiting out, so a slow start does not look like a hang. */
export type OnWait = (err: unknown) => void;

async function untilServing<T>(connect: () => Promise<T>, onWait?: OnWait): Promise<T> {
  const deadline = Date.now() + STARTUP_WAIT_MS;
  for (let pause = 200, told = false; ; pause = Math.min(pause * 2, 2_000)) {
    try {
      return await connect();
    } catch (err) {
      if (!notReadyYet(err) || Date.now() + pause > deadline) throw err;
      if (!told) onWait?.(err);
      told = true;
      await sleep(pause);
    }
  }
}

export async function connectClient(env: Env, address: string, onWait?: OnWait): Promise<Client> {
  const connection = await untilServing(() => Connection.connect(connectionOptions(env, address)), onWait);
  return new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
}

export function connectWorker(env: Env, address: string, onWait?: OnWait): Promise<NativeConnection> {
  return untilServing(() => NativeConnection.connect(connectionOptions(env, address)), onWait);
}
