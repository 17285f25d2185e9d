// Money is integer cents everywhere; it becomes text only at the edge, in the store's currency.
// en-US matches the printed receipt, so screen and paper show the same figures.
const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(cents: number, currency: string, locale = 'en-US'): string {
  const key = `${locale}:${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, formatter);
  }
  return formatter.format(cents / 100);
}

/**
 * Reads an amount a cashier typed ("20", "20.5", "20,50", "$20.00") as cents; undefined when it
 * is not an amount. Never goes through floating point, so 0.1 + 0.2 cannot creep in.
 */
export function parseMoney(text: string): number | undefined {
  const compact = text.trim().replace(/^[$€£]\s*/, '');
  const match = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(compact);
  if (!match) return undefined;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  return whole * 100 + fraction;
}
