// Before a stocktake: choose what to count, every title the store stocks or one section of the
// catalog (each with the number of titles it holds in stock), and start.
import { useEffect, useId, useState } from 'react';
import { Button } from 'react-aria-components';
import type { CatalogSection } from '../../app/protocol/reports-api.js';
import type { StocktakeScopeInput } from '../../app/protocol/register-api.js';
import type { RegisterClient } from '../api/register-client.js';

export interface StocktakeStartProps {
  api: RegisterClient;
  busy: boolean;
  onStart: (scope: StocktakeScopeInput) => void;
}

export function StocktakeStart({ api, busy, onStart }: StocktakeStartProps) {
  const [sections, setSections] = useState<CatalogSection[]>([]);
  const [section, setSection] = useState('');
  const selectId = useId();

  useEffect(() => {
    // Without the list the whole store can still be counted: that is the default anyway.
    api.catalogSections({}).then(setSections, () => setSections([]));
  }, [api]);

  const chosen = sections.find((entry) => entry.section === section);
  return (
    <div className="stocktake-start">
      <p>
        No stocktake is open.{' '}
        {chosen
          ? `Starting one counts the ${chosen.stocked} titles of ${chosen.section} this store stocks; scans of other titles are refused.`
          : 'Starting one counts every title this store stocks.'}
      </p>
      {sections.length > 0 && (
        <div className="field">
          <label htmlFor={selectId}>What to count</label>
          <select
            id={selectId}
            className="text-input"
            value={section}
            onChange={(event) => setSection(event.target.value)}
          >
            <option value="">All titles</option>
            {sections.map((entry) => (
              <option key={entry.section} value={entry.section}>
                {entry.section} ({entry.stocked} of {entry.titles} titles in stock)
              </option>
            ))}
          </select>
        </div>
      )}
      <Button
        className="button primary"
        isDisabled={busy}
        onPress={() =>
          onStart(chosen ? { kind: 'section', section: chosen.section } : { kind: 'all' })
        }
        autoFocus
      >
        Start a stocktake ({chosen ? chosen.section : 'all titles'})
      </Button>
    </div>
  );
}
