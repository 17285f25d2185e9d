// What a scanner or a person typed, read as an ISBN-13 before it leaves the page, so a misread
// or mistyped code is caught at once with a reason (the register checks again, fully).
// Accepts ISBN-13 and ISBN-10 with or without hyphens or spaces, and EAN-13 Bookland codes
// (978/979), also with the 2- or 5-digit add-on some scanners append (a price code).

export type IsbnReading =
  { ok: true; isbn13: string; from: 'isbn-13' | 'isbn-10' } | { ok: false; reason: string };

function check13(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

function check10(first9: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(first9[i]) * (10 - i);
  const digit = (11 - (sum % 11)) % 11;
  return digit === 10 ? 'X' : String(digit);
}

export function readIsbn(input: string): IsbnReading {
  const typed = input.trim();
  let code = typed.replace(/[\s-]/g, '').toUpperCase();
  if (code === '') return { ok: false, reason: 'Scan or type an ISBN.' };
  if (/^97[89]\d{12}$|^97[89]\d{15}$/.test(code)) code = code.slice(0, 13); // EAN add-on
  if (/^\d{9}[\dX]$/.test(code)) {
    if (check10(code.slice(0, 9)) !== code[9]) {
      return {
        ok: false,
        reason: `${typed} is not a valid ISBN-10: its check digit should be ${check10(code.slice(0, 9))}. Check the number and type it again.`,
      };
    }
    const first12 = `978${code.slice(0, 9)}`;
    return { ok: true, isbn13: first12 + String(check13(first12)), from: 'isbn-10' };
  }
  if (/^\d{13}$/.test(code)) {
    if (!/^97[89]/.test(code)) {
      return {
        ok: false,
        reason: `${typed} is a product barcode, not a book's: book codes start with 978 or 979.`,
      };
    }
    const expected = check13(code.slice(0, 12));
    if (Number(code[12]) !== expected) {
      return {
        ok: false,
        reason: `${typed} is not a valid ISBN-13: its check digit should be ${expected}. Check the number and type it again.`,
      };
    }
    return { ok: true, isbn13: code, from: 'isbn-13' };
  }
  return {
    ok: false,
    reason: `${typed} is not an ISBN: expected 13 digits (or 10, the last may be X).`,
  };
}
