// The page shows the register once it has opened. Until then it says what the start is doing:
// an upgrade of a ledger written by an earlier version (seconds on a large one) gets a progress
// bar, and a start that failed says why instead of a blank window.
import type { ReactNode } from 'react';
import type { StartupView } from '../../app/protocol/register-api.js';
import type { RegisterClient } from '../api/register-client.js';
import { ProgressLine } from '../ui/ProgressLine.js';
import { useStartup } from './use-startup.js';
import './startup.css';

export function StartupGate({ api, children }: { api: RegisterClient; children: ReactNode }) {
  const { view, error } = useStartup(api);
  if (view?.phase === 'ready') return children;
  return (
    <div className="boot">
      <h1 className="brand">Bookcase</h1>
      <StartupState view={view} error={error} />
    </div>
  );
}

function StartupState({ view, error }: { view: StartupView | null; error: string | null }) {
  if (error) {
    return (
      <p className="boot-error" role="alert">
        The register is not answering yet: {error}
      </p>
    );
  }
  switch (view?.phase) {
    case undefined:
    case 'opening':
    case 'ready':
      return <p>Opening the register…</p>;
    case 'upgrading':
      return <UpgradeProgress view={view} />;
    case 'failed':
      return (
        <p className="boot-error" role="alert">
          The register could not start: {view.message}
        </p>
      );
  }
}

function UpgradeProgress({ view }: { view: Extract<StartupView, { phase: 'upgrading' }> }) {
  const percent = view.total > 0 ? Math.floor((view.done / view.total) * 100) : 100;
  return (
    <section className="startup-upgrade">
      <p>
        This register is upgrading its ledger to the new version of Bookcase. The till opens when it
        has finished.
      </p>
      <ProgressLine
        label={`Upgrading the ledger: ${view.step}`}
        percent={percent}
        words={`${view.done.toLocaleString('en')} of ${view.total.toLocaleString('en')} (${percent}%)`}
        wordsTestId="startup-progress-words"
      />
      <p className="startup-note">
        {view.done >= view.total
          ? 'Saving the upgraded ledger and opening the register…'
          : 'Nothing is lost if the register is switched off now: the upgrade starts again at the next start.'}
      </p>
    </section>
  );
}
