// Local calendar days in a named time zone, as instants: a report groups events by the day the
// store lived them, not by UTC, and a daylight-saving change makes a day 23 or 25 hours long.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** Throws a RangeError for a name the platform does not know. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function processTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function wallParts(ms: number, timeZone: string) {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(ms))
      .map((part) => [part.type, part.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** How far the zone's wall clock is ahead of UTC at this instant, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const p = wallParts(ms, timeZone);
  const wallAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wallAsUtc - Math.floor(ms / 1000) * 1000;
}

/** 'YYYY-MM-DD': the local date of an instant. */
export function localDate(ms: number, timeZone: string): string {
  const p = wallParts(ms, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The first instant of a local date (its midnight, or the first hour that exists that day). */
export function startOfLocalDate(date: string, timeZone: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(year, month - 1, day);
  // Two rounds settle the offset even when the guess lands on the other side of a DST change.
  let guess = utcMidnight - offsetAt(utcMidnight, timeZone);
  guess = utcMidnight - offsetAt(guess, timeZone);
  // Where midnight itself is skipped (the clock jumps 00:00 → 01:00), the guess is on the day
  // before: step forward to the first instant of the asked date.
  while (localDate(guess, timeZone) < date) guess += 60 * 60 * 1000;
  return guess;
}

/** The date `days` calendar days after (or before, when negative) a local date. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
