// "Registers of this store": each register the master knows, when it last sent and received,
// and how many of the chain's events it has not received yet (how stale its counts are).
import { Button, Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import type { StoreRegisters } from '../../app/protocol/sync-api.js';
import { timeAgo } from '../lib/time-ago.js';
import { plural } from './words.js';

export interface StoreRegistersPanelProps {
  /** undefined while asking the master. */
  answer: StoreRegisters | undefined;
  error: string | null;
  now: number;
  onRefresh: () => void;
}

const contact = (iso: string | null, now: number) => (iso ? timeAgo(iso, now) : 'Never');

export function StoreRegistersPanel({ answer, error, now, onRefresh }: StoreRegistersPanelProps) {
  return (
    <section className="panel" aria-labelledby="sync-registers-title">
      <h2 id="sync-registers-title">Registers of this store</h2>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {answer === undefined && !error && <p>Asking the master…</p>}
      {answer?.status === 'unknown' && (
        <p className="notice info" role="status" data-testid="registers-unknown">
          {answer.message}
        </p>
      )}
      {answer?.status === 'known' && (
        <Table className="sync-table" aria-label="Registers of this store">
          <TableHeader>
            <Column isRowHeader>Register</Column>
            <Column>Last sent</Column>
            <Column>Last received</Column>
            <Column>Its view of the chain</Column>
          </TableHeader>
          <TableBody items={answer.registers} renderEmptyState={() => 'No registers enrolled.'}>
            {(register) => (
              <Row id={register.originId} className={register.behind > 0 ? 'stale' : 'fresh'}>
                <Cell>
                  {register.registerName}
                  {register.thisRegister && <span className="badge"> this register</span>}
                </Cell>
                <Cell>{contact(register.lastPushAt, now)}</Cell>
                <Cell>{contact(register.lastPullAt, now)}</Cell>
                <Cell>
                  {register.lastPullAt === null
                    ? `Never received: ${plural(register.behind, 'event')} to receive`
                    : register.behind === 0
                      ? 'Up to date'
                      : `${plural(register.behind, 'event')} behind`}
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      )}
      <Button className="button secondary small" onPress={onRefresh}>
        Ask the master again
      </Button>
    </section>
  );
}
