// Tells a barcode scanner from a person by the rhythm of the keys. A USB scanner is a keyboard
// that types a whole code in a few milliseconds per key and presses Enter; a person needs
// 80 ms or more between keys. Pure, with the clock passed in, so it is tested without waiting.

export type EntrySource = 'scanner' | 'keyboard';

/** A person cannot keep this pace over a dozen keys; scanners run at 1-20 ms a key. */
export const SCANNER_MEAN_GAP_MS = 35;
/** Beyond this, a gap is a pause, not a scanner's rhythm. */
export const SCANNER_MAX_GAP_MS = 100;
/** Shorter bursts are too few keys to judge by; treated as typing. */
export const SCANNER_MIN_KEYS = 8;

export class KeystrokeTiming {
  private times: number[] = [];

  reset(): void {
    this.times = [];
  }

  record(at: number): void {
    this.times.push(at);
  }

  get keys(): number {
    return this.times.length;
  }

  /**
   * A busy counter PC (or USB) can hold one key of a scan back for a moment, so the single
   * longest gap is set aside; every other gap must keep a scanner's pace. A person typing stays
   * far slower than that over the rest of the code.
   */
  classify(): EntrySource {
    if (this.times.length < SCANNER_MIN_KEYS) return 'keyboard';
    const gaps = this.times.slice(1).map((at, index) => at - (this.times[index] ?? at));
    gaps.sort((a, b) => a - b);
    const steady = gaps.slice(0, -1);
    const mean = steady.reduce((sum, gap) => sum + gap, 0) / steady.length;
    const longest = steady.at(-1) ?? 0;
    return mean <= SCANNER_MEAN_GAP_MS && longest <= SCANNER_MAX_GAP_MS ? 'scanner' : 'keyboard';
  }
}

/** A key that puts a character in a field (not Shift, F8, Ctrl+C…). */
export function isPrintableKey(event: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}): boolean {
  return event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
}

export function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(
    target.type,
  );
}
