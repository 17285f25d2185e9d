// Tells a barcode scanner from a person by the rhythm of the keys. A USB scanner is a keyboard
// that types a whole code in a few milliseconds per key and presses Enter; a person needs
// 80 ms or more between keys. Pure, with the clock passed in, so it is tested without waiting.

export type EntrySource = 'scanner' | 'keyboard';

/** A person cannot keep this pace over a dozen keys; scanners run at 1-20 ms a key. */
export const SCANNER_MEAN_GAP_MS = 35;
/** One slow key (a USB hiccup) is allowed, a pause to think is not. */
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

  classify(): EntrySource {
    if (this.times.length < SCANNER_MIN_KEYS) return 'keyboard';
    let total = 0;
    let longest = 0;
    for (let i = 1; i < this.times.length; i += 1) {
      const gap = (this.times[i] ?? 0) - (this.times[i - 1] ?? 0);
      total += gap;
      longest = Math.max(longest, gap);
    }
    const mean = total / (this.times.length - 1);
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
