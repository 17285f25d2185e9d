// The report's and the expected list's ISBNs are merged, not put in a Set and sorted: the merge
// must give the sorted union whatever it is given, sorted (as read) or not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unionAscending } from '../../app/stocktake/session.js';

const isbns = fc.array(fc.stringMatching(/^97[89][0-9]{2}$/), { maxLength: 30 });

describe('unionAscending', () => {
  it('is the sorted union of both lists, each ISBN once', () => {
    fc.assert(
      fc.property(isbns, isbns, fc.boolean(), (a, b, sorted) => {
        const [x, y] = sorted ? [[...new Set(a)].sort(), [...new Set(b)].sort()] : [a, b];
        expect(unionAscending(x, y)).toEqual([...new Set([...a, ...b])].sort());
      }),
    );
  });
});
