// Telling a scanner from a person by the rhythm of the keys alone.
import { describe, expect, it } from 'vitest';
import { KeystrokeTiming } from '../../renderer/scan/keystroke-timing.js';

function classify(gapsMs: number[]) {
  const timing = new KeystrokeTiming();
  let at = 1_000;
  timing.record(at);
  for (const gap of gapsMs) timing.record((at += gap));
  return timing.classify();
}
const repeat = (gap: number, times: number) => Array.from({ length: times }, () => gap);

describe('KeystrokeTiming', () => {
  it('hears a scanner in 13 keys a few milliseconds apart', () => {
    expect(classify(repeat(4, 12))).toBe('scanner');
    expect(classify(repeat(30, 12))).toBe('scanner');
  });

  it('forgives one key held back by a busy machine, not two', () => {
    expect(classify([...repeat(6, 6), 300, ...repeat(6, 5)])).toBe('scanner');
    expect(classify([...repeat(6, 4), 300, ...repeat(6, 3), 150, ...repeat(6, 3)])).toBe(
      'keyboard',
    );
  });

  it('hears a person, even a fast one, as typing', () => {
    expect(classify(repeat(150, 12))).toBe('keyboard');
    expect(classify(repeat(60, 12))).toBe('keyboard');
    // Quick bursts with a think in between are still a person.
    expect(classify([20, 20, 20, 400, 20, 20, 20, 400, 20, 20, 20, 20])).toBe('keyboard');
  });

  it('does not judge fewer than 8 keys, and forgets on reset', () => {
    expect(classify(repeat(3, 6))).toBe('keyboard');
    const timing = new KeystrokeTiming();
    for (let at = 0; at < 130; at += 10) timing.record(at);
    expect(timing.classify()).toBe('scanner');
    timing.reset();
    expect(timing.keys).toBe(0);
    expect(timing.classify()).toBe('keyboard');
  });
});
