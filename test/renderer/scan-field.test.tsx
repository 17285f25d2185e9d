// @vitest-environment happy-dom
// The scan field at the counter: a scanner's burst is one scan, a person's typing is typing, a
// mistyped ISBN is caught with a reason, and no keystroke is lost whatever re-renders meanwhile.
// Key timing comes from a clock the test advances, so "fast" and "slow" never depend on how
// busy the machine running the tests is.
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScanField, type ScanEntry } from '../../renderer/scan/ScanField.js';

const SCANNER_GAP_MS = 6;
const PERSON_GAP_MS = 180;

function setup(props: Partial<Parameters<typeof ScanField>[0]> = {}) {
  let now = 1_000;
  const onScan = vi.fn<(entry: ScanEntry) => void>();
  const onAdjustLast = vi.fn<(delta: 1 | -1) => void>();
  const view = render(
    <ScanField onScan={onScan} onAdjustLast={onAdjustLast} clock={() => now} {...props} />,
  );
  const user = userEvent.setup();
  /** Types `text` one key at a time, `gapMs` apart on the field's clock, then Enter. */
  const type = async (text: string, gapMs: number, enter = true) => {
    for (const key of text) {
      now += gapMs;
      await user.keyboard(key === '{' ? '{{' : key);
    }
    if (enter) await user.keyboard('{Enter}');
  };
  const input = screen.getByLabelText('Scan or type an ISBN');
  if (!(input instanceof HTMLInputElement)) throw new Error('the scan field is not an input');
  return { onScan, onAdjustLast, type, input, user, view };
}

afterEach(cleanup);

describe('ScanField', () => {
  it('takes a scanner burst ending in Enter as one scan, and empties itself for the next', async () => {
    const { onScan, type, input } = setup();
    expect(document.activeElement).toBe(input);
    await type('9780558373306', SCANNER_GAP_MS);
    expect(onScan).toHaveBeenCalledTimes(1);
    expect(onScan).toHaveBeenCalledWith({
      isbn13: '9780558373306',
      typed: '9780558373306',
      source: 'scanner',
    });
    expect(input.value).toBe('');
    expect(screen.getByText('Scanned 9780558373306')).toBeTruthy();
  });

  it('takes a person typing a hyphenated ISBN-10 slowly as typing, and reads it as ISBN-13', async () => {
    const { onScan, type } = setup();
    await type('0-306-40615-2', PERSON_GAP_MS);
    expect(onScan).toHaveBeenCalledWith({
      isbn13: '9780306406157',
      typed: '0-306-40615-2',
      source: 'keyboard',
    });
    expect(screen.getByText('Typed 9780306406157')).toBeTruthy();
  });

  it('accepts an EAN-13 Bookland code with the 5-digit price add-on', async () => {
    const { onScan, type } = setup();
    await type('978055837330651999', SCANNER_GAP_MS);
    expect(onScan).toHaveBeenCalledWith(
      expect.objectContaining({ isbn13: '9780558373306', source: 'scanner' }),
    );
  });

  it('catches a mistyped ISBN, says why, and keeps the text so the person can fix it', async () => {
    const { onScan, type, input } = setup();
    await type('9780558373307', PERSON_GAP_MS);
    expect(onScan).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('check digit should be 6');
    expect(input.value).toBe('9780558373307');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    // Fixing it clears the complaint and makes the scan.
    input.value = '';
    await type('9780558373306', PERSON_GAP_MS);
    expect(onScan).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('drops a garbled scan and asks for a rescan (a scanner cannot fix a typo)', async () => {
    const { onScan, type, input } = setup();
    await type('9780558373307', SCANNER_GAP_MS);
    expect(onScan).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(/Scan not understood.*Scan again/);
    expect(input.value).toBe('');
  });

  it('refuses a product barcode that is not a book', async () => {
    const { onScan, type } = setup();
    await type('4006381333931', PERSON_GAP_MS);
    expect(onScan).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('not a book');
  });

  it('loses no keystroke when the screen re-renders in the middle of the next scan', async () => {
    let rerender: (n: number) => void = () => undefined;
    const seen: string[] = [];
    function Screen() {
      const [renders, setRenders] = useState(0);
      rerender = setRenders;
      return (
        <div data-renders={renders}>
          <ScanField onScan={(entry) => seen.push(entry.isbn13)} clock={() => now} />
          <p>{renders} titles looked up</p>
        </div>
      );
    }
    let now = 0;
    render(<Screen />);
    const user = userEvent.setup();
    const typeKeys = async (keys: string) => {
      for (const key of keys) {
        now += SCANNER_GAP_MS;
        await user.keyboard(key);
      }
    };
    await typeKeys('9780558373306');
    await user.keyboard('{Enter}');
    await typeKeys('978164559');
    // The first title's lookup answers while the second code is half typed.
    act(() => rerender(1));
    await typeKeys('5021');
    act(() => rerender(2));
    await user.keyboard('{Enter}');
    expect(seen).toEqual(['9780558373306', '9781645595021']);
  });

  it('brings keystrokes that land on a button back to the field', async () => {
    const onScan = vi.fn<(entry: ScanEntry) => void>();
    let now = 0;
    render(
      <>
        <ScanField onScan={onScan} clock={() => now} />
        <button type="button">Remove</button>
      </>,
    );
    const user = userEvent.setup();
    screen.getByRole('button', { name: 'Remove' }).focus();
    for (const key of '9780558373306') {
      now += SCANNER_GAP_MS;
      await user.keyboard(key);
    }
    await user.keyboard('{Enter}');
    expect(onScan).toHaveBeenCalledWith(expect.objectContaining({ isbn13: '9780558373306' }));
  });

  it('while a dialog is open, still catches a scanner burst but leaves a person alone', async () => {
    const onScan = vi.fn<(entry: ScanEntry) => void>();
    let now = 0;
    render(
      <>
        <ScanField onScan={onScan} dialogOpen clock={() => now} />
        <button type="button">Next customer</button>
      </>,
    );
    const user = userEvent.setup();
    const button = screen.getByRole('button', { name: 'Next customer' });
    button.focus();
    const typeOn = async (text: string, gap: number) => {
      for (const key of text) {
        now += gap;
        await user.keyboard(key);
      }
      await user.keyboard('{Enter}');
    };
    await typeOn('9780558373306', PERSON_GAP_MS);
    expect(onScan).not.toHaveBeenCalled();
    await typeOn('9781645595021', SCANNER_GAP_MS);
    expect(onScan).toHaveBeenCalledWith(
      expect.objectContaining({ isbn13: '9781645595021', source: 'scanner' }),
    );
    expect(document.activeElement).toBe(button); // the dialog keeps its focus
  });

  it('"+" and "-" in the empty field change the last line instead of typing', async () => {
    const { onAdjustLast, user, input } = setup();
    await user.keyboard('+');
    await user.keyboard('-');
    expect(onAdjustLast.mock.calls).toEqual([[1], [-1]]);
    expect(input.value).toBe('');
  });
});
