// A worker in its own OS process, so a test can kill it with SIGKILL as a crash would.
// Reads DATABASE_URL, TEMPORAL_ADDRESS and TEMPORAL_TASK_QUEUE; prints "worker ready" once polling.
import { NativeConnection } from '@temporalio/worker';
import { loadEnv } from '../../config/env.js';
import { connectDatabase } from '../../db/client.js';
import { startAuditSealer } from '../../db/audit-seal.js';
import { Renderer } from '../../activities/renderer.js';
import { createWorker, installTemporalRuntime } from '../../scripts/worker.js';

const env = loadEnv();
installTemporalRuntime(env);
const database = connectDatabase(env.DATABASE_URL!, { max: 5 });
startAuditSealer({ db: database.db, key: env.AUDIT_KEY });
const renderer = new Renderer({ executablePath: env.CHROMIUM_PATH, poolSize: 1 });
const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS! });
const worker = await createWorker(env, connection, { db: database.db, renderer, clock: () => new Date() });
const running = worker.run();
console.log('worker ready');
await running;
