// A SQLite master with a little history, to migrate: registers (one revoked), extra origins,
// codes used and unused, the demo catalog, and events of every kind that moves a count, from
// several origins interleaved, written over HTTP as registers would.
import { demoCatalog } from '../../app/catalog/demo-catalog.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import {
  ISBN_A,
  ISBN_B,
  OriginWriter,
  call,
  enrol,
  issueCode,
  newOriginId,
  startMaster,
  type EnrolledRegister,
  type TestMaster,
} from '../master/helpers.js';

export interface SqliteChain {
  master: TestMaster;
  tills: EnrolledRegister[];
  revoked: EnrolledRegister;
  writers: Map<string, OriginWriter>;
  unusedCode: string;
  /** Pushes `count` more events, spread over the tills' origins; returns them. */
  pushMore(count: number): Promise<LedgerEvent[]>;
}

export async function buildSqliteChain(): Promise<SqliteChain> {
  const master = await startMaster();
  await master.storage.upsertTitles(demoCatalog(20).map(({ stock: _stock, ...title }) => title));
  const tills = [await enrol(master, 'uptown'), await enrol(master, 'riverside')];
  const revoked = await enrol(master, 'uptown');
  const writers = new Map<string, OriginWriter>();
  for (const till of [...tills, revoked]) {
    writers.set(till.originId, new OriginWriter(till.originId, till.storeId));
  }
  // A rotated origin, claimed after enrolment.
  const [uptown] = tills as [EnrolledRegister];
  const rotated = newOriginId();
  await call(master, 'POST', '/v1/origins', { originId: rotated }, { token: uptown.token });
  writers.set(rotated, new OriginWriter(rotated, 'uptown'));
  const owner = new Map<string, EnrolledRegister>([
    ...[...tills, revoked].map((till) => [till.originId, till] as const),
    [rotated, uptown],
  ]);

  let step = 0;
  const pushMore = async (count: number): Promise<LedgerEvent[]> => {
    const pushed: LedgerEvent[] = [];
    const origins = [...writers.keys()];
    while (pushed.length < count) {
      const originId = origins[step % origins.length] as string;
      const writer = writers.get(originId) as OriginWriter;
      const till = owner.get(originId) as EnrolledRegister;
      const isbn = step % 3 ? ISBN_A : ISBN_B;
      step += 1;
      const page: LedgerEvent[] = [writer.delivery(isbn, 4), writer.sale(isbn, 1)];
      if (step % 4 === 0) {
        page.push(
          writer.next({
            kind: 'STOCKTAKE',
            isbn,
            actor: 'mo',
            counted: 9,
            // Counted after the delivery, before the sale was rung up.
            vector: { [originId]: (page[0] as LedgerEvent).seq },
            stocktakeId: `st-${step}`,
          }),
        );
      }
      if (step % 5 === 0) {
        const target = page[1] as LedgerEvent;
        page.push(
          writer.next({
            kind: 'VOID',
            isbn,
            actor: 'mo',
            target: { originId: target.originId, seq: target.seq },
            reason: 'keyed in error',
          }),
        );
      }
      // The revoked register's events were pushed before its revocation.
      const reply = await call(
        master,
        'POST',
        '/v1/events',
        { events: page },
        { token: till.token },
      );
      if (reply.status !== 200) throw new Error(`push failed: ${JSON.stringify(reply.body)}`);
      pushed.push(...page);
    }
    return pushed;
  };

  await pushMore(40);
  await master.storage.revokeRegister(revoked.registerId, new Date().toISOString());
  owner.delete(revoked.originId);
  writers.delete(revoked.originId);
  await pushMore(20);
  const unusedCode = await issueCode(master.storage, 'riverside');
  await issueCode(master.storage, 'uptown', new Date(Date.now() - 60_000));
  return { master, tills, revoked, writers, unusedCode, pushMore };
}
