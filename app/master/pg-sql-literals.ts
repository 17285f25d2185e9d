// Values written into SQL text, for the statements a group commit sends with BEGIN or COMMIT in one
// round trip: the simple query protocol that runs several statements at once takes no
// parameters. Strings go through node-postgres's escapeLiteral (quotes and backslashes doubled, an
// E'' string when there is a backslash, whatever standard_conforming_strings says); numbers must be
// safe integers; nothing else is ever written into the text.
import { escapeLiteral } from 'pg';

export function sqlText(value: string): string {
  return escapeLiteral(value);
}

export function sqlInt(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not a safe integer for SQL: ${value}`);
  return String(value);
}

/**
 * One array literal ('{…}' in PostgreSQL's array syntax, cast to `type`[]) rather than ARRAY[…] of
 * literals: the server parses one constant instead of one per element. Elements are double-quoted
 * with backslashes and double quotes escaped, NULL bare.
 */
function array<T>(values: readonly T[], element: (value: T) => string, type: string): string {
  return `${sqlText(`{${values.map(element).join(',')}}`)}::${type}[]`;
}

function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function sqlTextArray(values: readonly (string | null)[]): string {
  return array(values, (value) => (value === null ? 'NULL' : quoted(value)), 'text');
}

export function sqlIntArray(values: readonly (number | null)[]): string {
  return array(values, (value) => (value === null ? 'NULL' : sqlInt(value)), 'bigint');
}

/** ISO timestamps. */
export function sqlTimestampArray(values: readonly string[]): string {
  return array(values, quoted, 'timestamptz');
}
