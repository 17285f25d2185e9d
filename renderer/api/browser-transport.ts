// The browser shell: calls are POST /api/<method> to the host that served this page, with the
// launch key (from the page's meta tag) in a header; events arrive on one shared stream.
import {
  HTTP_API_PREFIX,
  HTTP_EVENTS_PATH,
  HTTP_KEY_HEADER,
  type ApiResult,
  type RegisterEvent,
} from '../../app/protocol/register-api.js';
import { parseEventChunk } from './event-stream.js';
import type { Transport } from './register-client.js';

const RECONNECT_MS = 2_000;

function isResult(body: unknown): body is ApiResult<never> {
  return typeof body === 'object' && body !== null && 'ok' in body;
}

export function browserTransport(key: string, fetchImpl: typeof fetch = fetch): Transport {
  const headers = { 'content-type': 'application/json', [HTTP_KEY_HEADER]: key };
  const listeners = new Set<(event: RegisterEvent) => void>();
  let stream: AbortController | undefined;

  const readStream = async (controller: AbortController) => {
    while (!controller.signal.aborted) {
      try {
        const response = await fetchImpl(HTTP_EVENTS_PATH, {
          method: 'POST',
          headers,
          body: '{}',
          signal: controller.signal,
        });
        if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const parsed = parseEventChunk(buffer + value);
          buffer = parsed.rest;
          for (const event of parsed.events) listeners.forEach((listener) => listener(event));
        }
      } catch {
        // The host restarted or the network blinked: try again shortly, unless we were stopped.
      }
      if (controller.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  };

  return {
    shell: 'browser',
    async invoke(method, input) {
      let response: Response;
      try {
        response = await fetchImpl(`${HTTP_API_PREFIX}${method}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return {
          ok: false,
          error: {
            code: 'HOST_UNREACHABLE',
            message: 'The register host is not answering. Is it still running?',
          },
        };
      }
      const body: unknown = await response.json().catch(() => undefined);
      if (isResult(body)) return body;
      return {
        ok: false,
        error: { code: 'BAD_ANSWER', message: `The register host answered ${response.status}.` },
      };
    },
    onEvent(listener) {
      listeners.add(listener);
      if (!stream) {
        stream = new AbortController();
        void readStream(stream);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          stream?.abort();
          stream = undefined;
        }
      };
    },
  };
}
