// Every request to the master looks its bearer token up in the database (a revocation through any
// master process must refuse the register at once, so nothing is cached). Under load many requests
// arrive in the same turn of the event loop; their lookups go to PostgreSQL as one query instead
// of one round trip each. Each lookup still reads the database after its request arrived.
import type { RegisterRecord } from './storage.js';

interface Waiting {
  tokenHash: Buffer;
  resolve: (register: RegisterRecord | undefined) => void;
  reject: (error: unknown) => void;
}

export class TokenLookups {
  private waiting: Waiting[] = [];

  constructor(
    private readonly lookUp: (tokenHashes: Buffer[]) => Promise<Map<string, RegisterRecord>>,
  ) {}

  find(tokenHash: Buffer): Promise<RegisterRecord | undefined> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ tokenHash, resolve, reject });
      // setImmediate: the requests read in the same turn share one query.
      if (this.waiting.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      const found = await this.lookUp(batch.map((entry) => entry.tokenHash));
      for (const entry of batch) entry.resolve(found.get(entry.tokenHash.toString('hex')));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}
