import type { EventKey, VersionVector } from '../protocol/events.js';

export function vectorCovers(vector: VersionVector, key: EventKey): boolean {
  return (vector[key.originId] ?? 0) >= key.seq;
}

/** Sum of entries: how many events the vector names. */
export function vectorSize(vector: VersionVector): number {
  let total = 0;
  for (const seq of Object.values(vector)) total += seq;
  return total;
}

/** Events named by `a` that `b` lacks, as per-origin seq ranges (exclusive start, inclusive end). */
export function vectorDifference(
  a: VersionVector,
  b: VersionVector,
): { originId: string; afterSeq: number; toSeq: number }[] {
  const missing: { originId: string; afterSeq: number; toSeq: number }[] = [];
  for (const [originId, seq] of Object.entries(a)) {
    const have = b[originId] ?? 0;
    if (seq > have) missing.push({ originId, afterSeq: have, toSeq: seq });
  }
  return missing.sort((x, y) => x.originId.localeCompare(y.originId));
}

export function sameVector(a: VersionVector, b: VersionVector): boolean {
  return vectorDifference(a, b).length === 0 && vectorDifference(b, a).length === 0;
}

export function keyOf(event: EventKey): string {
  return `${event.originId}:${event.seq}`;
}
