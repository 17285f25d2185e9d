// When the nightly batch runs, shown and changed (a manager's call).
import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { RegisterStatus } from '../../app/protocol/register-api.js';
import type { RegisterClient } from '../api/register-client.js';
import { NoticeLine } from '../ui/notice.js';
import { useSave } from '../ui/use-save.js';
import { NIGHTLY_TIME } from './words.js';

export function SchedulePanel({ api, status }: { api: RegisterClient; status: RegisterStatus }) {
  // What the manager typed until it is saved; then the register's own schedule again.
  const [typed, setTyped] = useState<string | null>(null);
  const time = typed ?? status.nightlyAt;
  const { notice, setNotice, saving, save: saveWith } = useSave();

  const save = () => {
    const nightlyAt = time.trim();
    if (!NIGHTLY_TIME.test(nightlyAt)) {
      setNotice({
        tone: 'error',
        text: 'Type the time as HH:MM on a 24-hour clock, from 00:00 to 23:59 (for example 02:30).',
      });
      return;
    }
    saveWith(
      () => api.setSchedule({ nightlyAt }),
      (next) => {
        setTyped(null);
        return `The nightly batch now runs at ${next.nightlyAt}.`;
      },
    );
  };

  return (
    <section className="panel" aria-labelledby="sync-schedule-title">
      <h2 id="sync-schedule-title">Schedule</h2>
      <p data-testid="schedule-current">
        The nightly batch runs every night at <strong>{status.nightlyAt}</strong> (this
        register&apos;s clock).
      </p>
      <form
        className="schedule-form"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <label htmlFor="schedule-time">Run it at (HH:MM)</label>
        <input
          id="schedule-time"
          value={time}
          inputMode="numeric"
          maxLength={5}
          onChange={(event) => setTyped(event.target.value)}
          aria-invalid={notice?.tone === 'error' || undefined}
          aria-describedby={notice ? 'schedule-notice' : undefined}
        />
        <Button type="submit" className="button secondary" isDisabled={saving}>
          Save the schedule
        </Button>
      </form>
      <NoticeLine notice={notice} id="schedule-notice" testId="schedule-notice" />
    </section>
  );
}
