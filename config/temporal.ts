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

export async function connectClient(env: Env, address: string): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(env, address));
  return new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
}

export function connectWorker(env: Env, address: string): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(env, address));
}
