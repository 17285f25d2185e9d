// The catalog's sections, for a stocktake limited to one of them: how many titles each has and
// how many of those this store has copies of, so the manager knows the size of the count.
import type { Ledger } from '../ledger/ledger.js';
import { UserError } from '../shared/errors.js';

export interface SectionSummary {
  section: string;
  titles: number;
  stocked: number;
}

export function catalogSections(ledger: Ledger): SectionSummary[] {
  return ledger
    .statement(
      `SELECT t.section AS section, count(*) AS titles, count(s.isbn) AS stocked
       FROM titles t
       LEFT JOIN stock s ON s.store_id = ? AND s.isbn = t.isbn AND s.on_hand <> 0
       WHERE t.section <> ''
       GROUP BY t.section ORDER BY t.section`,
    )
    .all(ledger.storeId) as SectionSummary[];
}

/** A section must be one the catalog has: a typo would otherwise start a count of nothing. */
export function requireSection(ledger: Ledger, section: string): string {
  const known = catalogSections(ledger).map((entry) => entry.section);
  if (!known.includes(section)) {
    throw new UserError(
      'INVALID_INPUT',
      known.length > 0
        ? `There is no section "${section}" in the catalog. Sections: ${known.join(', ')}.`
        : `There is no section "${section}": the catalog has no sections.`,
    );
  }
  return section;
}
