// A real master on 127.0.0.1 with a real database (a SQLite file in a temp dir, or a PostgreSQL
// schema of its own), and a tiny HTTP client.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { describe, expect } from 'vitest';
import { DEMO_STORES } from '../../app/catalog/demo-catalog.js';
import { formatHlc } from '../../app/ledger/hlc.js';
import type { EventDraft, LedgerEvent } from '../../app/protocol/events.js';
import { newEnrolmentCode, normalizeEnrolmentCode, sha256 } from '../../app/master/credentials.js';
import { createMasterServer, type MasterServerOptions } from '../../app/master/server.js';
import type { SqliteMasterStorage } from '../../app/master/sqlite-storage.js';
import type { MasterStorage } from '../../app/master/storage.js';
import type { MasterInspector } from './inspect.js';
import {
  STORAGE_KINDS,
  createTestDatabase,
  storageAvailable,
  storageSuiteName,
  type StorageKind,
  type TestDatabase,
} from './test-database.js';

export {
  STORAGE_KINDS,
  createTestDatabase,
  testStorageKind,
  type StorageKind,
  type TestDatabase,
} from './test-database.js';

export const ISBN_A = '9780306406157';
export const ISBN_B = '9781861972712';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'bookcase-master-'));
}

export function newOriginId(): string {
  return randomBytes(16).toString('hex');
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/**
 * Declares the suite once per storage kind. The PostgreSQL one is skipped, saying why in its title,
 * when BOOKCASE_TEST_PG_URL is unset; CI always sets it.
 */
export function describeEachStorage(name: string, body: (kind: StorageKind) => void): void {
  for (const kind of STORAGE_KINDS) {
    describe.skipIf(!storageAvailable(kind))(storageSuiteName(name, kind), () => body(kind));
  }
}

/**
 * A running master. Bare `TestMaster` is the SQLite one (what suites written before PostgreSQL
 * expect); `AnyTestMaster` is either kind.
 */
export interface TestMaster<S extends MasterStorage = SqliteMasterStorage> {
  kind: StorageKind;
  url: string;
  dir: string;
  /** The SQLite file; '' for PostgreSQL. */
  dbPath: string;
  /** The PostgreSQL URL (with the test's schema); undefined for SQLite. */
  databaseUrl: string | undefined;
  storage: S;
  app: FastifyInstance;
  /** The database underneath, to open more storages on it and to point CLI processes at it. */
  database: TestDatabase;
  /** Storage-independent questions about what the database holds. */
  inspect: MasterInspector;
  close(): Promise<void>;
}

export type AnyTestMaster = TestMaster<MasterStorage>;

export type StartMasterOptions = Partial<Omit<MasterServerOptions, 'storage'>>;

/**
 * Starts a master with the demo stores. Without `storage` it is SQLite (and typed as such, for
 * suites that read the file); pass `storage: testStorageKind()` to follow BOOKCASE_TEST_STORAGE, or
 * a kind from describeEachStorage.
 */
export function startMaster(
  options?: StartMasterOptions & { storage?: 'sqlite' },
): Promise<TestMaster<SqliteMasterStorage>>;
export function startMaster(
  options: StartMasterOptions & { storage: StorageKind },
): Promise<AnyTestMaster>;
export async function startMaster(
  options: StartMasterOptions & { storage?: StorageKind } = {},
): Promise<AnyTestMaster> {
  const { storage: kind = 'sqlite', ...serverOptions } = options;
  const database = await createTestDatabase(kind);
  const storage = await database.open(serverOptions.clock ? { clock: serverOptions.clock } : {});
  await storage.upsertStores(DEMO_STORES);
  const app = createMasterServer({ storage, ...serverOptions });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    kind,
    url: `http://127.0.0.1:${port}`,
    dir: database.dir,
    dbPath: database.dbPath,
    databaseUrl: database.databaseUrl,
    storage,
    app,
    database,
    inspect: database.inspect,
    close: async () => {
      await app.close();
      await storage.close();
      await database.dispose();
    },
  };
}

export interface CallOptions {
  token?: string;
  headers?: Record<string, string>;
  /** Sent verbatim instead of JSON-encoding `body`. */
  raw?: string | Buffer;
}

export async function call(
  master: { url: string },
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let payload: string | Buffer | undefined = options.raw;
  if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
  if (
    payload !== undefined &&
    !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
  ) {
    headers['content-type'] = 'application/json';
  }
  const response = await request(`${master.url}${path}`, { method, headers, body: payload });
  const text = await response.body.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Left as text: the assertion will show what came back.
  }
  return { status: response.statusCode, headers: response.headers, body: parsed };
}

export async function issueCode(
  storage: MasterStorage,
  storeId: string,
  expiresAt = new Date(Date.now() + 86_400_000),
): Promise<string> {
  const code = newEnrolmentCode();
  await storage.createEnrolmentCode({
    codeHash: sha256(normalizeEnrolmentCode(code)),
    storeId,
    createdAt: new Date().toISOString(),
    expiresAt: expiresAt.toISOString(),
  });
  return code;
}

/** Pushes events as an enrolled till (POST /v1/events) and expects the master to take them. */
export async function pushAs(
  master: { url: string },
  till: { token: string },
  events: readonly LedgerEvent[],
): Promise<void> {
  const reply = await call(master, 'POST', '/v1/events', { events }, { token: till.token });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
}

export interface EnrolledRegister {
  token: string;
  registerId: string;
  originId: string;
  storeId: string;
}

export async function enrol(
  master: AnyTestMaster,
  storeId = 'uptown',
  originId = newOriginId(),
): Promise<EnrolledRegister> {
  const code = await issueCode(master.storage, storeId);
  const reply = await call(master, 'POST', '/v1/enrol', {
    code,
    originId,
    registerName: `Till ${originId.slice(0, 4)}`,
  });
  if (reply.status !== 200) throw new Error(`enrol failed: ${JSON.stringify(reply.body)}`);
  const body = reply.body as { token: string; registerId: string };
  return { token: body.token, registerId: body.registerId, originId, storeId };
}

/** An event draft whose storeId defaults to the writer's store. */
export type WriterDraft = EventDraft extends infer E
  ? E extends EventDraft
    ? Omit<E, 'storeId'> & { storeId?: string }
    : never
  : never;

/** Writes events as one origin would: consecutive seqs, increasing timestamps. */
export class OriginWriter {
  private seq = 0;
  constructor(
    readonly originId: string,
    readonly storeId: string,
  ) {}

  next(draft: WriterDraft): LedgerEvent {
    this.seq += 1;
    return {
      storeId: this.storeId,
      ...draft,
      originId: this.originId,
      seq: this.seq,
      hlc: formatHlc({ ms: 1_700_000_000_000 + this.seq, counter: 0 }),
    };
  }

  delivery(isbn: string, qty: number): LedgerEvent {
    return this.next({ kind: 'DELIVERY', isbn, actor: 'ivy', qty, reference: 'test delivery' });
  }

  sale(isbn: string, qty: number, receiptId = `r-${this.seq + 1}`): LedgerEvent {
    return this.next({ kind: 'SALE', isbn, actor: 'amy', qty, unitPriceCents: 1299, receiptId });
  }
}
