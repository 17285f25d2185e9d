// The manager's nightly stocktake: start it, scan every copy on the shelves (one scan, one copy)
// or type a title's count, watch the titles counted against those expected, read the discrepancy
// report, export it, and commit, saying plainly how many uncounted titles would become zero.
import { useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import type {
  DiscrepancyReportView,
  StocktakeScopeInput,
  StocktakeView,
} from '../../app/protocol/register-api.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';
import { ScanField, type ScanEntry, type ScanFieldHandle } from '../scan/ScanField.js';
import { AppDialog } from '../ui/AppDialog.js';
import { NoticeLine, type Notice } from '../ui/notice.js';
import { DiscrepancyChart } from './DiscrepancyChart.js';
import { DiscrepancyTable } from './DiscrepancyTable.js';
import { downloadText } from './download.js';
import { StocktakeStart } from './StocktakeStart.js';

export interface StocktakeScreenProps {
  api: RegisterClient;
  currency: string;
  /** Injectable for tests: where the CSV goes. */
  download?: (filename: string, text: string) => void;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export function StocktakeScreen({ api, currency, download = downloadText }: StocktakeScreenProps) {
  const [view, setView] = useState<StocktakeView | null | undefined>(undefined);
  const [report, setReport] = useState<DiscrepancyReportView | null>(null);
  const [lastIsbn, setLastIsbn] = useState<string | null>(null);
  const [countText, setCountText] = useState('');
  const [notice, setNotice] = useState<Notice>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  // Scans are sent one after another, so a fast scanner's copies are all counted, in order.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const scanField = useRef<ScanFieldHandle>(null);

  useEffect(() => {
    api.stocktakeCurrent({}).then(setView, (error: unknown) => {
      setView(null);
      setNotice({ tone: 'error', text: messageOf(error) });
    });
  }, [api]);

  const run = (work: () => Promise<void>) => {
    queue.current = queue.current.then(async () => {
      try {
        await work();
      } catch (error) {
        setNotice({ tone: 'error', text: messageOf(error) });
      }
    });
  };

  const start = (scope: StocktakeScopeInput) => {
    setBusy(true);
    run(async () => {
      try {
        const started = await api.stocktakeStart({ scope });
        setView(started.view);
        setReport(null);
        setNotice({
          tone: 'info',
          text: started.synced
            ? 'Stocktake started, after a sync with the master.'
            : 'Stocktake started. The master could not be reached first: expected counts are as this register knows them.',
        });
      } finally {
        setBusy(false);
      }
    });
  };

  if (view === undefined) return <main className="stocktake">Opening the stocktake…</main>;

  const noticeLine = <NoticeLine notice={notice} testId="stocktake-notice" />;

  if (view === null) {
    return (
      <main className="stocktake">
        <h1 className="screen-title">Stocktake</h1>
        {noticeLine}
        <StocktakeStart api={api} busy={busy} onStart={start} />
      </main>
    );
  }

  const id = view.stocktakeId;
  const last = view.rows.find((row) => row.isbn === lastIsbn) ?? null;
  const uncounted = view.titlesExpected - view.titlesCounted;
  const afterChange = (next: StocktakeView, isbn: string) => {
    setView(next);
    setLastIsbn(isbn);
    setReport(null);
    setNotice(null);
  };

  const onScan = (entry: ScanEntry) =>
    run(async () => {
      afterChange(await api.stocktakeScan({ stocktakeId: id, scan: entry.isbn13 }), entry.isbn13);
    });

  const setCount = (isbn: string, counted: number) =>
    run(async () => {
      afterChange(await api.stocktakeSetCount({ stocktakeId: id, scan: isbn, counted }), isbn);
    });

  const showReport = () =>
    run(async () => {
      setReport(await api.stocktakeReport({ stocktakeId: id }));
    });

  const exportCsv = () =>
    run(async () => {
      const { filename, csv } = await api.stocktakeCsv({ stocktakeId: id });
      download(filename, csv);
      setNotice({ tone: 'info', text: `Exported ${filename}.` });
    });

  const commit = (uncountedAsZero: boolean) => {
    setBusy(true);
    run(async () => {
      try {
        const done = await api.stocktakeCommit({
          stocktakeId: id,
          uncountedAsZero,
        });
        setConfirming(false);
        setView(null);
        setReport(null);
        setLastIsbn(null);
        setNotice({
          tone: 'info',
          text: `Stocktake committed: ${plural(done.countedTitles, 'title')} counted, ${plural(done.zeroedTitles, 'title')} set to zero. The master learns it at the next sync.`,
        });
      } finally {
        setBusy(false);
      }
    });
  };

  return (
    <main className="stocktake">
      <div className="stocktake-main">
        <h1 className="screen-title">Stocktake</h1>
        {view.scope?.kind === 'section' && (
          <p className="stocktake-scope" data-testid="stocktake-scope">
            Counting the {view.scope.section} section only.
          </p>
        )}
        <ScanField
          ref={scanField}
          onScan={onScan}
          onAdjustLast={(delta) => {
            if (last) setCount(last.isbn, Math.max(0, (last.counted ?? 0) + delta));
          }}
          dialogOpen={confirming}
        />
        <div className="stocktake-progress">
          <label htmlFor="stocktake-progress-bar">Titles counted</label>
          <progress
            id="stocktake-progress-bar"
            value={view.titlesCounted}
            max={Math.max(1, view.titlesExpected)}
          />
          <span data-testid="stocktake-progress">
            {view.titlesCounted} of {view.titlesExpected} titles counted
          </span>
        </div>
        {noticeLine}
        {last && (
          <form
            className="stocktake-count"
            onSubmit={(event) => {
              event.preventDefault();
              const counted = Number(countText);
              if (countText.trim() === '' || !Number.isInteger(counted) || counted < 0) {
                setNotice({ tone: 'error', text: 'Type the number of copies: 0 or more.' });
                return;
              }
              setCountText('');
              setCount(last.isbn, counted);
              // Back to the scanner for the next title.
              scanField.current?.focus();
            }}
          >
            <p data-testid="stocktake-last">
              {last.title}: {last.counted ?? 0} counted, {last.expected} expected
            </p>
            <label htmlFor="stocktake-count-input">Or type the count of this title</label>
            <input
              id="stocktake-count-input"
              inputMode="numeric"
              value={countText}
              onChange={(event) => setCountText(event.target.value)}
            />
            <button type="submit" className="button secondary">
              Set count
            </button>
          </form>
        )}
        {report && (
          <div className="stocktake-report">
            {/* The chart first: which sections lose books, before the title-by-title detail. */}
            <DiscrepancyChart report={report} />
            <DiscrepancyTable report={report} currency={currency} />
          </div>
        )}
      </div>
      <aside className="stocktake-side">
        <Button className="button secondary" onPress={showReport}>
          Discrepancy report
        </Button>
        <Button className="button secondary" onPress={exportCsv}>
          Export CSV
        </Button>
        <Button
          className="button primary"
          isDisabled={busy}
          onPress={() => (uncounted > 0 ? setConfirming(true) : commit(false))}
        >
          Commit the stocktake
        </Button>
      </aside>
      <AppDialog
        title="Titles never counted"
        isOpen={confirming}
        onClose={() => setConfirming(false)}
        role="alertdialog"
      >
        <p data-testid="uncounted-warning">
          {plural(uncounted, 'title')} expected on the shelves {uncounted === 1 ? 'was' : 'were'}{' '}
          never counted. Committing sets {uncounted === 1 ? 'it' : 'them'} to zero.
        </p>
        <div className="dispute-choices">
          <Button
            className="button danger"
            isDisabled={busy}
            onPress={() => commit(true)}
            autoFocus
          >
            Commit, {plural(uncounted, 'uncounted title')} as zero
          </Button>
          <Button className="button secondary" onPress={() => setConfirming(false)}>
            Keep counting
          </Button>
        </div>
      </AppDialog>
    </main>
  );
}
