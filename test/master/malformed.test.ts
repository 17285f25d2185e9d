// Bad input gets a clear 4xx naming what is wrong, and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema, MAX_EVENTS_PER_PAGE } from '../../app/protocol/wire.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import {
  ISBN_A,
  OriginWriter,
  call,
  describeEachStorage,
  enrol,
  newOriginId,
  startMaster,
  type CallOptions,
  type EnrolledRegister,
  type AnyTestMaster,
} from './helpers.js';

// Built before the cases are collected, so each case can name the exact event it breaks.
const originId = newOriginId();
const writer = new OriginWriter(originId, 'uptown');
const seeded = [writer.delivery(ISBN_A, 5), writer.sale(ISBN_A, 1)];
/** The next event the origin may push: valid in every way, so each case breaks one thing. */
const next = writer.sale(ISBN_A, 1);
const broken = { ...writer.sale(ISBN_A, 1), receiptId: '' };

interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: unknown;
  options?: Omit<CallOptions, 'token'> & { anonymous?: boolean };
  status: number;
  code: string;
  /** A fragment the message must contain: usually the offending field. */
  mentions: string;
}

const sale = (changes: Record<string, unknown>) => ({ ...next, ...changes });
const without = (key: string) =>
  Object.fromEntries(Object.entries(next).filter(([name]) => name !== key));

const cases = (): Case[] => [
  {
    name: 'body is not JSON',
    method: 'POST',
    path: '/v1/events',
    options: { raw: '{"events": [' },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'not valid JSON',
  },
  {
    name: 'empty JSON body',
    method: 'POST',
    path: '/v1/events',
    options: { raw: '', headers: { 'content-type': 'application/json' } },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'empty',
  },
  {
    name: 'not JSON content type',
    method: 'POST',
    path: '/v1/events',
    options: { raw: 'events', headers: { 'content-type': 'text/plain' } },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'application/json',
  },
  {
    name: 'no body at all',
    method: 'POST',
    path: '/v1/events',
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'body',
  },
  {
    name: 'body is an array',
    method: 'POST',
    path: '/v1/events',
    body: [next],
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'body',
  },
  {
    name: 'body is null',
    method: 'POST',
    path: '/v1/events',
    options: { raw: 'null' },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'body',
  },
  {
    name: 'unknown top-level field',
    method: 'POST',
    path: '/v1/events',
    body: { events: [next], force: true },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'unknown field body.force',
  },
  {
    name: 'unknown event field',
    method: 'POST',
    path: '/v1/events',
    body: { events: [sale({ colour: 'red' })] },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'unknown field body.events.0.colour',
  },
  {
    name: 'prototype key',
    method: 'POST',
    path: '/v1/events',
    options: { raw: `{"events": [${JSON.stringify(next)}], "__proto__": {"admin": true}}` },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: '__proto__',
  },
  {
    name: 'quantity as a string',
    method: 'POST',
    path: '/v1/events',
    body: { events: [sale({ qty: '1' })] },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'body.events.0.qty',
  },
  {
    name: 'negative quantity',
    method: 'POST',
    path: '/v1/events',
    body: { events: [sale({ qty: -1 })] },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'body.events.0.qty',
  },
  {
    name: 'fractional seq',
    method: 'POST',
    path: '/v1/events',
    body: { events: [sale({ seq: 3.5 })] },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'body.events.0.seq',
  },
  {
    name: 'seq beyond safe integers',
    method: 'POST',
    path: '/v1/events',
    options: { raw: `{"events":[${JSON.stringify(next).replace('"seq":3', '"seq":1e300')}]}` },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'body.events.0.seq',
  },
  {
    name: 'missing seq',
    method: 'POST',
    path: '/v1/events',
    body: { events: [without('seq')] },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'body.events.0.seq',
  },
  {
    name: 'unknown event kind',
    method: 'POST',
    path: '/v1/events',
    body: { events: [sale({ kind: 'THEFT' })] },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'body.events.0.kind',
  },
  {
    name: 'malformed isbn',
    method: 'POST',
    path: '/v1/events',
    body: { events: [sale({ isbn: '0306406152' })] },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'body.events.0.isbn',
  },
  {
    name: 'malformed hlc',
    method: 'POST',
    path: '/v1/events',
    body: { events: [sale({ hlc: '2024-01-01' })] },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'body.events.0.hlc',
  },
  {
    name: 'a valid event followed by a broken one',
    method: 'POST',
    path: '/v1/events',
    body: { events: [next, broken] },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'body.events.1.receiptId',
  },
  {
    name: 'no events',
    method: 'POST',
    path: '/v1/events',
    body: { events: [] },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'body.events',
  },
  {
    name: 'more events than a page',
    method: 'POST',
    path: '/v1/events',
    body: { events: Array<LedgerEvent>(MAX_EVENTS_PER_PAGE + 1).fill(next) },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'body.events',
  },
  {
    name: 'oversized body',
    method: 'POST',
    path: '/v1/events',
    options: { raw: `{"events":[],"pad":"${'x'.repeat(17 * 1024 * 1024)}"}` },
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    mentions: 'larger',
  },
  {
    name: 'sale without receiptId',
    method: 'POST',
    path: '/v1/sales',
    body: { events: [next] },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'body.receiptId',
  },
  {
    name: 'sale receiptId of the wrong type',
    method: 'POST',
    path: '/v1/sales',
    body: { receiptId: 7, events: [next] },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'body.receiptId',
  },
  {
    name: 'enrolment without a code',
    method: 'POST',
    path: '/v1/enrol',
    body: { originId, registerName: 'Till' },
    options: { anonymous: true },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'body.code',
  },
  {
    name: 'claim of a malformed origin',
    method: 'POST',
    path: '/v1/origins',
    body: { originId: 'ABC' },
    status: 400,
    code: 'BAD_REQUEST',
    mentions: 'body.originId',
  },
  ...[
    ['after=-1', 'query.after'],
    ['after=abc', 'query.after'],
    ['after=1.5', 'query.after'],
    ['after=1&after=2', 'query.after'],
    ['limit=0', 'query.limit'],
    [`limit=${MAX_EVENTS_PER_PAGE + 1}`, 'query.limit'],
    ['since=3', 'unknown field query.since'],
  ].map(([query, field]): Case => ({
    name: `feed ?${query}`,
    method: 'GET',
    path: `/v1/feed?${query}`,
    status: 400,
    code: 'BAD_REQUEST',
    mentions: field ?? '',
  })),
  ...[
    [`/v1/stock/Uptown/${ISBN_A}`, 'params.storeId'],
    ['/v1/stock/uptown/0306406152', 'params.isbn'],
    ['/v1/stock/uptown/97803064061570', 'params.isbn'],
    ['/v1/availability/not-an-isbn', 'params.isbn'],
  ].map(([path, field]): Case => ({
    name: `path ${path}`,
    method: 'GET',
    path: path ?? '',
    status: 400,
    code: 'BAD_REQUEST',
    mentions: field ?? '',
  })),
  {
    name: 'unknown route',
    method: 'GET',
    path: '/v1/nothing',
    status: 404,
    code: 'NOT_FOUND',
    mentions: '/v1/nothing',
  },
  {
    name: 'wrong method',
    method: 'PUT',
    path: '/v1/events',
    body: { events: [next] },
    status: 404,
    code: 'NOT_FOUND',
    mentions: 'PUT /v1/events',
  },
];

describeEachStorage('bad input', (kind) => {
  let master: AnyTestMaster;
  let till: EnrolledRegister;

  beforeAll(async () => {
    master = await startMaster({ storage: kind });
    till = await enrol(master, 'uptown', originId);
    const reply = await call(
      master,
      'POST',
      '/v1/events',
      { events: seeded },
      { token: till.token },
    );
    expect(reply.status).toBe(200);
  });
  afterAll(async () => {
    await master.close();
  });

  describe('malformed requests', () => {
    it.each(cases().map((testCase) => [testCase.name, testCase] as const))(
      '%s',
      async (_name, testCase) => {
        const before = await master.inspect.eventCount();
        const { anonymous, ...options } = testCase.options ?? {};
        const reply = await call(master, testCase.method, testCase.path, testCase.body, {
          ...options,
          ...(anonymous ? {} : { token: till.token }),
        });
        expect(reply.status).toBe(testCase.status);
        const body = errorBodySchema.parse(reply.body);
        expect(body.error.code).toBe(testCase.code);
        expect(body.error.message).toContain(testCase.mentions);
        expect(await master.inspect.eventCount()).toBe(before);
      },
    );

    it('still accepts the untouched event afterwards', async () => {
      const reply = await call(
        master,
        'POST',
        '/v1/events',
        { events: [next] },
        { token: till.token },
      );
      expect(reply.status).toBe(200);
      expect(await master.inspect.eventCount()).toBe(3);
    });
  });
});
