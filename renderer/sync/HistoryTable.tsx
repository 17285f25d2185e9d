// The history of batches, strong-mode sales and title checks with the master, newest first.
import { Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import type { SyncRun } from '../../app/protocol/register-api.js';
import { KIND_WORDS, outcomeWords } from './words.js';

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export function HistoryTable({ runs }: { runs: readonly SyncRun[] }) {
  return (
    <Table className="sync-table" aria-label="Sync history" data-testid="sync-history">
      <TableHeader>
        <Column isRowHeader>What</Column>
        <Column>Started</Column>
        <Column>Sent</Column>
        <Column>Received</Column>
        <Column>Outcome</Column>
        <Column>Details</Column>
      </TableHeader>
      <TableBody
        items={runs}
        renderEmptyState={() => 'Nothing has been synced from this register yet.'}
      >
        {(run) => (
          <Row id={run.runId} className={`sync-row outcome-${run.outcome ?? 'running'}`}>
            <Cell>{KIND_WORDS[run.kind]}</Cell>
            <Cell>
              <span title={run.startedAt}>{when(run.startedAt)}</span>
            </Cell>
            <Cell>{run.pushed}</Cell>
            <Cell>{run.pulled}</Cell>
            <Cell>{outcomeWords(run.outcome)}</Cell>
            <Cell>{run.message ?? ''}</Cell>
          </Row>
        )}
      </TableBody>
    </Table>
  );
}
