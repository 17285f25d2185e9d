// The register's screens, one entry each: the header's tabs and their function keys come from this
// list, so a new screen is one entry here and a component of its own.
import type { ReactNode } from 'react';
import type { RegisterStatus } from '../../app/protocol/register-api.js';
import type { RegisterClient } from '../api/register-client.js';
import { CashierScreen } from '../cashier/CashierScreen.js';
import { ReturnsScreen } from '../returns/ReturnsScreen.js';
import { StocktakeScreen } from '../stocktake/StocktakeScreen.js';
import { SettingsScreen } from '../settings/SettingsScreen.js';
import { SyncScreen } from '../sync/SyncScreen.js';
import { DeliveriesScreen } from '../deliveries/DeliveriesScreen.js';
import { ReportsScreen } from '../reports/ReportsScreen.js';
import { JournalScreen } from '../staff/JournalScreen.js';
import { StaffScreen } from '../staff/StaffScreen.js';

/** What every screen is given. */
export interface ScreenContext {
  api: RegisterClient;
  status: RegisterStatus;
  /** The till reports whether it can be left (no sale in the cart). */
  onTillIdle: (idle: boolean) => void;
}

export interface ScreenEntry {
  id: string;
  label: string;
  /** The function key that opens it, from anywhere. */
  key: string;
  render: (context: ScreenContext) => ReactNode;
}

export const TILL_SCREEN = 'till';

export const SCREENS: readonly ScreenEntry[] = [
  {
    id: TILL_SCREEN,
    label: 'Till',
    key: 'F2',
    render: ({ api, status, onTillIdle }) => (
      <CashierScreen api={api} status={status} onIdleChange={onTillIdle} />
    ),
  },
  {
    id: 'stocktake',
    label: 'Stocktake',
    key: 'F3',
    render: ({ api, status }) => <StocktakeScreen api={api} currency={status.currency} />,
  },
  {
    id: 'returns',
    label: 'Returns',
    key: 'F4',
    render: ({ api, status }) => <ReturnsScreen api={api} currency={status.currency} />,
  },
  {
    id: 'deliveries',
    label: 'Deliveries',
    key: 'F6',
    render: ({ api }) => <DeliveriesScreen api={api} />,
  },
  {
    id: 'reports',
    label: 'Reports',
    key: 'F7',
    render: ({ api, status }) => <ReportsScreen api={api} currency={status.currency} />,
  },
  {
    id: 'sync',
    label: 'Sync',
    key: 'F5',
    render: ({ api, status }) => <SyncScreen api={api} status={status} />,
  },
  {
    id: 'settings',
    label: 'Settings',
    // F8 and F9 pay at the till.
    key: 'F10',
    render: ({ api, status }) => <SettingsScreen api={api} status={status} />,
  },
  {
    id: 'journal',
    label: 'Journal',
    // F9 pays by card at the till; F12 signs out.
    key: 'F11',
    render: ({ api }) => <JournalScreen api={api} />,
  },
  {
    id: 'staff',
    label: 'Staff',
    key: 'F1',
    render: ({ api }) => <StaffScreen api={api} />,
  },
];
