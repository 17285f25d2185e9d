// Reads the browser shell's server-sent events from a fetch() body, which (unlike EventSource)
// can carry the launch key in a header.
import { registerEventSchema, type RegisterEvent } from '../../app/protocol/register-api.js';

/** Splits complete `data:` records out of `buffer`; returns the events and what is left over. */
export function parseEventChunk(buffer: string): { events: RegisterEvent[]; rest: string } {
  const records = buffer.split('\n\n');
  const rest = records.pop() ?? '';
  const events: RegisterEvent[] = [];
  for (const record of records) {
    const data = record
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n');
    if (!data) continue; // comments and heartbeats
    try {
      const parsed = registerEventSchema.safeParse(JSON.parse(data));
      if (parsed.success) events.push(parsed.data);
    } catch {
      // A garbled record is dropped; the status is re-read on the next call anyway.
    }
  }
  return { events, rest };
}
