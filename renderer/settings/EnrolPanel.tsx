// Enrol this register with a master: its URL, the one-time code IT gave, and this register's name.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { RegisterStatus } from '../../app/protocol/register-api.js';
import type { RegisterClient } from '../api/register-client.js';
import { LabelledInput } from './LabelledInput.js';
import { NoticeLine } from '../ui/notice.js';
import { useSave } from '../ui/use-save.js';

export function EnrolPanel({ api, status }: { api: RegisterClient; status: RegisterStatus }) {
  const [masterUrl, setMasterUrl] = useState(status.masterUrl ?? '');
  const [code, setCode] = useState('');
  const [registerName, setRegisterName] = useState(status.registerName ?? '');
  const { notice, setNotice, saving, save: saveWith } = useSave();

  const enrol = () => {
    const missing = [
      masterUrl.trim() === '' && 'the master URL',
      code.trim() === '' && 'the enrolment code',
      registerName.trim() === '' && "this register's name",
    ].filter(Boolean);
    if (missing.length > 0) {
      setNotice({ tone: 'error', text: `Fill in ${missing.join(', ')}.` });
      return;
    }
    saveWith(
      () =>
        api.enrol({
          masterUrl: masterUrl.trim(),
          code: code.trim(),
          registerName: registerName.trim(),
        }),
      (next) => {
        setCode('');
        return `Enrolled with the master at ${next.masterUrl ?? masterUrl} as “${next.registerName ?? registerName}”.`;
      },
    );
  };

  return (
    <section className="panel" aria-labelledby="settings-enrol-title">
      <h2 id="settings-enrol-title">{status.enrolled ? 'Enrol again' : 'Enrol with a master'}</h2>
      <p>
        IT gives a one-time enrolment code for this store. Enrolling again (a new master, a new
        code) keeps this register&apos;s sales and stock.
      </p>
      <form
        className="enrol-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          enrol();
        }}
      >
        <LabelledInput
          id="enrol-url"
          label="Master URL"
          type="url"
          value={masterUrl}
          placeholder="https://master.example.com"
          onChange={setMasterUrl}
        />
        <LabelledInput
          id="enrol-code"
          label="Enrolment code"
          value={code}
          autoComplete="off"
          onChange={setCode}
        />
        <LabelledInput
          id="enrol-name"
          label="Register name"
          value={registerName}
          placeholder="Counter 1"
          onChange={setRegisterName}
        />
        <Button type="submit" className="button primary" isDisabled={saving}>
          {saving ? 'Enrolling…' : 'Enrol this register'}
        </Button>
      </form>
      <NoticeLine notice={notice} testId="enrol-notice" />
    </section>
  );
}
