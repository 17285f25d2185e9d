// Deterministic stand-ins for node:crypto's randomBytes and randomUUID, installed by the
// convergence suites with vi.mock. Origin ids break ties between concurrent stocktakes, so a run
// replayed from fast-check's seed must draw the same ids to take the same path.

let state = 1;

/** Starts the id sequence of one simulated case. */
export function resetIds(seed: number): void {
  state = seed >>> 0 || 1;
}

/** mulberry32: tiny, fast, and good enough for identifiers. */
function next32(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

export function seededRandomBytes(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let index = 0; index < size; index += 1) bytes[index] = next32() & 0xff;
  return bytes;
}

export function seededRandomUUID(): `${string}-${string}-${string}-${string}-${string}` {
  const hex = seededRandomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
