// The one way into the handlers for both shells: nothing reaches a handler unless the call is in
// the contract and its payload passes the schema; failures become answers a person can read.
import { describe, expect, it, vi } from 'vitest';
import type { ApiHandlers } from '../../app/shell/api-handlers.js';
import { dispatchApiCall } from '../../app/shell/api-dispatch.js';
import { UserError } from '../../app/shared/errors.js';
import { MasterUnreachableError } from '../../app/sync/master-client.js';
import { asStaff } from './fixtures.js';

const TITLE = {
  isbn: '9780558373306',
  title: 'Tide of the Midnight Atlas',
  author: 'Elena Whitfield',
  priceCents: 2099,
  section: 'Fiction',
  onHand: 2,
};

const ANA = asStaff('ana', 'cashier');

function handlersWith(lookupTitle: ApiHandlers['lookupTitle']): ApiHandlers {
  return { lookupTitle } as ApiHandlers;
}

describe('dispatchApiCall', () => {
  it('calls the handler with the parsed payload and answers 200 with its value', async () => {
    const lookupTitle = vi.fn<ApiHandlers['lookupTitle']>().mockResolvedValue(TITLE);
    const answer = await dispatchApiCall(
      handlersWith(lookupTitle),
      'lookupTitle',
      { scan: '  9780558373306 ' },
      ANA,
    );
    expect(answer).toEqual({ status: 200, result: { ok: true, value: TITLE } });
    expect(lookupTitle).toHaveBeenCalledWith({ scan: '9780558373306' }, ANA);
  });

  it.each([
    ['not an object', 'a string'],
    ['a missing field', {}],
    ['a wrong type', { scan: 9780558373306 }],
    ['an extra field', { scan: '9780558373306', sql: 'DROP TABLE events' }],
    ['an empty scan', { scan: '   ' }],
  ])('refuses %s with 400 and never calls the handler', async (_why, payload) => {
    const lookupTitle = vi.fn<ApiHandlers['lookupTitle']>();
    const answer = await dispatchApiCall(handlersWith(lookupTitle), 'lookupTitle', payload, ANA);
    expect(answer.status).toBe(400);
    expect(answer.result).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^lookupTitle: /) as unknown },
    });
    expect(lookupTitle).not.toHaveBeenCalled();
  });

  it('refuses names outside the contract, including inherited ones, with 404', async () => {
    for (const method of ['dropTables', 'constructor', '__proto__', 'toString', 42]) {
      const answer = await dispatchApiCall({} as ApiHandlers, method, {});
      expect(answer.status).toBe(404);
      expect(answer.result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
  });

  it('turns the register’s refusals into 422, an absent master into 503, bugs into a plain 500', async () => {
    const refusing = handlersWith(() => {
      throw new UserError('UNKNOWN_TITLE', 'No title with ISBN 9780306406157 is in the catalog.');
    });
    expect(await dispatchApiCall(refusing, 'lookupTitle', { scan: '9780306406157' }, ANA)).toEqual({
      status: 422,
      result: {
        ok: false,
        error: {
          code: 'UNKNOWN_TITLE',
          message: 'No title with ISBN 9780306406157 is in the catalog.',
        },
      },
    });

    const away = handlersWith(() =>
      Promise.reject(new MasterUnreachableError('no route to master')),
    );
    expect(
      await dispatchApiCall(away, 'lookupTitle', { scan: '9780306406157' }, ANA),
    ).toMatchObject({
      status: 503,
      result: { ok: false, error: { code: 'MASTER_UNREACHABLE', message: 'no route to master' } },
    });

    const onInternalError = vi.fn();
    const buggy = handlersWith(() => Promise.reject(new TypeError('x is undefined at line 12')));
    const answer = await dispatchApiCall(buggy, 'lookupTitle', { scan: '9780306406157' }, ANA, {
      onInternalError,
    });
    expect(answer.status).toBe(500);
    expect(JSON.stringify(answer.result)).not.toContain('line 12');
    expect(onInternalError).toHaveBeenCalledOnce();
  });

  it('never lets an answer that breaks the contract out', async () => {
    const onInternalError = vi.fn();
    const wrong = handlersWith(() => Promise.resolve({ ...TITLE, onHand: 'lots' } as never));
    const answer = await dispatchApiCall(wrong, 'lookupTitle', { scan: TITLE.isbn }, ANA, {
      onInternalError,
    });
    expect(answer.status).toBe(500);
    expect(onInternalError.mock.calls[0]?.[0]).toBeInstanceOf(Error);
  });
});
