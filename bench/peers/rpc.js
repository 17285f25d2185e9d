// The child's half of bench/lib/child.ts for the peers: plain JavaScript run from bench/peers, so
// they load their own node_modules, kept apart from the product's dependencies.
import process from 'node:process';

export function serveParent(handlers, ready) {
  process.on('message', (message) => {
    const handler = handlers[message.method];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`no method ${message.method}`);
        return handler(message.params);
      })
      .then(
        (value) => {
          process.send({ id: message.id, ok: true, value });
          if (message.method === 'close') process.disconnect();
        },
        (error) => process.send({ id: message.id, ok: false, error: String(error && error.stack) }),
      );
  });
  process.send({ type: 'ready', value: ready });
}

/** The same event the Bookcase bench pushes or pulls, as a CouchDB document. */
export function eventDocs(originId, storeId, isbns, count) {
  const docs = [];
  for (let i = 0; i < count; i += 1) {
    const seq = i + 1;
    docs.push({
      _id: `${originId}:${String(seq).padStart(10, '0')}`,
      kind: 'DELIVERY',
      originId,
      seq,
      hlc: `${String(1_700_000_000_000 + seq).padStart(15, '0')}.00000`,
      storeId,
      isbn: isbns[i % isbns.length],
      actor: 'receiving',
      qty: 1,
      reference: 'bench',
    });
  }
  return docs;
}

export async function load(db, docs) {
  for (let i = 0; i < docs.length; i += 5000) await db.bulkDocs(docs.slice(i, i + 5000));
}
