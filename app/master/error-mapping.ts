// Turns anything thrown while serving a request into the wire's error reply. Bad input is always
// a 4xx; only a master fault is a 5xx.
import { HttpError } from './http-errors.js';
import {
  CommitFailedError,
  EventConflictError,
  EventGapError,
  InsufficientStockError,
  StorageClosedError,
} from './master-errors.js';

function fastifyCode(error: unknown): { code: string; statusCode: number; message: string } | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, statusCode, message } = error as Record<string, unknown>;
  if (typeof code !== 'string' || typeof statusCode !== 'number') return null;
  return { code, statusCode, message: typeof message === 'string' ? message : code };
}

export function toHttpError(error: unknown, bodyLimit: number): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof EventConflictError) {
    return new HttpError(422, 'CONFLICT', error.message, { ...error.key });
  }
  if (error instanceof EventGapError) {
    return new HttpError(409, 'GAP', error.message, {
      originId: error.originId,
      expected: error.expected,
    });
  }
  if (error instanceof InsufficientStockError) {
    return new HttpError(409, 'INSUFFICIENT_STOCK', error.message, {
      isbn: error.isbn,
      onHand: error.onHand,
    });
  }
  if (error instanceof StorageClosedError || error instanceof CommitFailedError) {
    return new HttpError(503, 'UNAVAILABLE', error.message);
  }
  const framework = fastifyCode(error);
  if (framework?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new HttpError(
      413,
      'PAYLOAD_TOO_LARGE',
      `body: larger than the master accepts (${bodyLimit} bytes); push fewer events per request`,
    );
  }
  if (framework?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new HttpError(400, 'BAD_REQUEST', 'body: send it as Content-Type: application/json');
  }
  if (framework && framework.statusCode >= 400 && framework.statusCode < 500) {
    return new HttpError(400, 'BAD_REQUEST', framework.message);
  }
  return new HttpError(500, 'INTERNAL', 'the master failed to handle this request');
}
