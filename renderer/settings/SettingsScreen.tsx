// The manager's Settings screen: the register's current settings, its sync mode, and enrolment
// with a master (URL, one-time code, this register's name), and the rules for its staff.
import type { RegisterStatus } from '../../app/protocol/register-api.js';
import type { RegisterClient } from '../api/register-client.js';
import { EnrolPanel } from './EnrolPanel.js';
import { MODE_WORDS, ModePanel } from './ModePanel.js';
import { StaffPolicyPanel } from './StaffPolicyPanel.js';
import '../ui/panels.css';
import './settings.css';

export function SettingsScreen({ api, status }: { api: RegisterClient; status: RegisterStatus }) {
  const current: [string, string][] = [
    ['Store', `${status.storeName} (${status.storeId})`],
    ['Register', status.registerName ?? 'Not named yet'],
    ['Sync mode', MODE_WORDS[status.mode].label],
    ['Master URL', status.masterUrl ?? 'None'],
    ['Enrolled', status.enrolled ? 'Yes' : 'No'],
    ['Nightly batch', `Every night at ${status.nightlyAt}`],
    ['Register id', status.originId],
  ];
  return (
    <main className="panel-screen">
      <h1 className="screen-title">Settings</h1>
      <section className="panel" aria-labelledby="settings-current-title">
        <h2 id="settings-current-title">Current settings</h2>
        <dl className="settings-current" data-testid="settings-current">
          {current.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <div className="panel-columns">
        <ModePanel api={api} status={status} />
        <EnrolPanel api={api} status={status} />
        <StaffPolicyPanel api={api} />
      </div>
    </main>
  );
}
