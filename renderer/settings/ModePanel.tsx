// Strong or eventual sync, each explained in one sentence (a manager's call).
import { useState } from 'react';
import { Button, Label, Radio, RadioGroup, Text } from 'react-aria-components';
import type { RegisterStatus, SyncMode } from '../../app/protocol/register-api.js';
import type { RegisterClient } from '../api/register-client.js';
import { NoticeLine } from '../ui/notice.js';
import { useSave } from '../ui/use-save.js';

export const MODE_WORDS: Record<SyncMode, { label: string; meaning: string }> = {
  strong: {
    label: 'Strong',
    meaning:
      'Each sale is confirmed by the master before its receipt prints, so two registers never sell the same last copy; when the master cannot be reached, sales wait.',
  },
  eventual: {
    label: 'Eventual',
    meaning:
      'Each sale is final at once and reaches the master with the nightly batch, so the till keeps selling when the master is away; the other stores learn of it later.',
  },
};

export function ModePanel({ api, status }: { api: RegisterClient; status: RegisterStatus }) {
  // The manager's pick until saved; then the register's own mode again, whoever changed it.
  const [choice, setChoice] = useState<SyncMode | null>(null);
  const mode = choice ?? status.mode;
  const { notice, saving, save: saveWith } = useSave();

  const save = () => {
    saveWith(
      () => api.setMode({ mode }),
      (next) => {
        setChoice(null);
        return `This register now syncs in ${MODE_WORDS[next.mode].label.toLowerCase()} mode.`;
      },
    );
  };

  return (
    <section className="panel" aria-labelledby="settings-mode-title">
      <h2 id="settings-mode-title">Sync mode</h2>
      <RadioGroup
        className="mode-choices"
        value={mode}
        onChange={(value) => setChoice(value === 'strong' ? 'strong' : 'eventual')}
      >
        <Label className="visually-hidden">Sync mode</Label>
        {(['strong', 'eventual'] as const).map((choice) => (
          <Radio key={choice} value={choice} className="mode-choice">
            <strong>
              {MODE_WORDS[choice].label}
              {choice === status.mode && ' (current)'}
            </strong>
            <Text slot="description">{MODE_WORDS[choice].meaning}</Text>
          </Radio>
        ))}
      </RadioGroup>
      <Button className="button primary" isDisabled={saving || mode === status.mode} onPress={save}>
        Use {MODE_WORDS[mode].label.toLowerCase()} mode
      </Button>
      <NoticeLine notice={notice} testId="mode-notice" />
    </section>
  );
}
