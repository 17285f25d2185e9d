// The register API's report calls over the register core (spread into createApiHandlers).
import { catalogSections } from '../reports/catalog-sections.js';
import { processTimeZone } from '../reports/local-days.js';
import { salesByDay } from '../reports/sales-by-day.js';
import type { Register } from '../register/register.js';
import type { ApiHandler } from './api-handlers.js';

export interface ReportHandlers {
  salesByDay: ApiHandler<'salesByDay'>;
  catalogSections: ApiHandler<'catalogSections'>;
}

/** `timeZone`: whose calendar days the report counts; the register's own by default. */
export function createReportHandlers(
  register: Register,
  options: { timeZone?: string } = {},
): ReportHandlers {
  const later = <T>(work: () => T): Promise<T> => Promise.resolve().then(work);
  return {
    salesByDay: ({ days }) =>
      later(() =>
        salesByDay(register.ledger, { days, timeZone: options.timeZone ?? processTimeZone() }),
      ),
    catalogSections: () => later(() => catalogSections(register.ledger)),
  };
}
