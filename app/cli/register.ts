// The headless register: the same core and data folder as the app, for IT to script and diagnose
// a register without its window.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { seedDemo } from '../catalog/seed-demo.js';
import { progressInTenths, upgradeLedgerFile } from '../ledger/ledger-upgrade.js';
import { receiptText } from '../ledger/receipt-text.js';
import { defaultDataDir } from '../register/data-dir.js';
import { Register, type SaleOutcome } from '../register/register.js';
import { UserError } from '../shared/errors.js';
import { MasterRejectedError, MasterUnreachableError } from '../sync/master-client.js';

const HELP = `Usage: npm run register -- <command> [options]

Commands:
  status                          mode, master, outbox size, last sync, version vector
  enrol --master URL --code CODE --store ID [--name NAME]
                                  enrol this register with the master (one-time code from the master's CLI)
  sell ISBN[xQTY]... [--card | --cash CENTS] [--cashier NAME]
                                  sell copies (strong mode waits for the master)
  return RECEIPT ISBN[xQTY]... [--card] [--cashier NAME]
                                  return copies against an earlier receipt
  deliver ISBN[xQTY]... [--ref TEXT] [--cashier NAME]
                                  receive a delivery
  stock ISBN                      copies on hand here (and at other stores when the master answers)
  receipt RECEIPT                 print a receipt again
  pending                         sales waiting for the master
  retry RECEIPT | cancel RECEIPT | finish-eventual RECEIPT
                                  resolve a waiting strong-mode sale
  mode strong|eventual            choose how this register syncs
  schedule HH:MM                  time of the nightly batch
  sync                            run the nightly batch now (push the outbox, pull the chain's events)
  seed-demo --store ID            load the demo catalog and opening stock into a new register

Options:
  --data DIR      the register's data folder (default: ${defaultDataDir()}, or BOOKCASE_DATA_DIR)
  --help          this text
`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    data: { type: 'string' },
    master: { type: 'string' },
    code: { type: 'string' },
    store: { type: 'string' },
    name: { type: 'string', default: 'Counter 1' },
    cashier: { type: 'string', default: 'it-cli' },
    cash: { type: 'string' },
    card: { type: 'boolean', default: false },
    ref: { type: 'string', default: '' },
    help: { type: 'boolean', default: false },
  },
});

function lines(args: string[]): { isbn: string; qty: number }[] {
  if (args.length === 0)
    throw new UserError('INVALID_INPUT', 'Name at least one ISBN (ISBN or ISBNxQTY).');
  return args.map((arg) => {
    const [isbn = '', qty = '1'] = arg.split(/x(?=\d+$)/i);
    return { isbn, qty: Number(qty) };
  });
}

function printOutcome(register: Register, outcome: SaleOutcome): void {
  const status = register.status();
  console.log(
    receiptText(
      outcome.receipt,
      status.storeName,
      register.ledger.settings.get('currency') ?? 'USD',
    ),
  );
  if (outcome.status === 'master-unreachable' || outcome.status === 'rejected') {
    console.log(`\n${outcome.message}`);
    console.log(
      `Receipt ${outcome.receipt.receiptId} is waiting: "retry", "cancel" or "finish-eventual" it.`,
    );
    process.exitCode = 3;
  }
}

async function main(): Promise<void> {
  const [command, ...args] = positionals;
  if (values.help || !command) {
    console.log(HELP);
    return;
  }
  const dataDir = values.data ?? defaultDataDir();
  // A ledger from an earlier version is upgraded first, saying how far it has got (on stderr, so
  // a command's output stays what scripts read).
  const upgraded = await upgradeLedgerFile({
    path: join(dataDir, 'ledger.db'),
    onProgress: progressInTenths((line) => console.error(`Upgrading the ledger: ${line}`)),
  });
  if (upgraded)
    console.error(`Upgraded the ledger from schema ${upgraded.from} to ${upgraded.to}.`);
  const register = Register.open({
    dataDir,
    ...(values.store ? { storeId: values.store } : {}),
  });
  try {
    switch (command) {
      case 'status':
        console.log(
          JSON.stringify({ ...register.status(), vector: register.ledger.vector() }, null, 2),
        );
        break;
      case 'enrol': {
        if (!values.master || !values.code)
          throw new UserError('INVALID_INPUT', 'enrol needs --master URL and --code CODE.');
        const status = await register.enrol({
          masterUrl: values.master,
          code: values.code,
          registerName: values.name,
        });
        console.log(
          `Enrolled "${status.registerName}" for ${status.storeName} with ${status.masterUrl}.`,
        );
        break;
      }
      case 'sell': {
        const payment = values.card
          ? { method: 'card' as const }
          : {
              method: 'cash' as const,
              tenderedCents: values.cash ? Number(values.cash) : Number.MAX_SAFE_INTEGER,
            };
        const saleLines = lines(args);
        if (payment.method === 'cash' && !values.cash) {
          payment.tenderedCents = saleLines.reduce(
            (sum, line) => sum + register.title(line.isbn).priceCents * line.qty,
            0,
          );
        }
        printOutcome(
          register,
          await register.sell({ cashier: values.cashier, lines: saleLines, payment }),
        );
        break;
      }
      case 'return': {
        const [receiptId, ...items] = args;
        if (!receiptId) throw new UserError('INVALID_INPUT', 'return needs a receipt id.');
        const receipt = register.returnItems({
          cashier: values.cashier,
          originalReceiptId: receiptId,
          lines: lines(items),
          refund: values.card ? { method: 'card' } : { method: 'cash', tenderedCents: 0 },
        });
        console.log(
          receiptText(
            receipt,
            register.status().storeName,
            register.ledger.settings.get('currency') ?? 'USD',
          ),
        );
        break;
      }
      case 'deliver': {
        const events = register.deliver({
          actor: values.cashier,
          reference: values.ref,
          lines: lines(args),
        });
        console.log(
          `Received ${events.reduce((sum, e) => sum + (e.kind === 'DELIVERY' ? e.qty : 0), 0)} copies.`,
        );
        break;
      }
      case 'stock': {
        const title = register.title(args[0] ?? '');
        console.log(`${title.title} (${title.isbn}): ${title.onHand} on hand here`);
        try {
          const elsewhere = await register.availability(title.isbn);
          for (const store of elsewhere.stores) console.log(`  ${store.name}: ${store.onHand}`);
        } catch (error) {
          if (!(error instanceof MasterUnreachableError || error instanceof UserError)) throw error;
          console.log(`  (other stores unknown: ${error.message})`);
        }
        break;
      }
      case 'receipt': {
        const receipt = register.receipt(args[0] ?? '');
        console.log(
          receiptText(
            receipt,
            register.status().storeName,
            register.ledger.settings.get('currency') ?? 'USD',
          ),
        );
        break;
      }
      case 'pending':
        for (const receipt of register.pendingSales())
          console.log(`${receipt.receiptId}  ${receipt.totalCents} cents  ${receipt.createdAt}`);
        break;
      case 'retry':
        printOutcome(register, await register.retryPending(args[0] ?? ''));
        break;
      case 'cancel':
        console.log(
          `Receipt ${register.cancelPending(args[0] ?? '', values.cashier).receiptId} cancelled.`,
        );
        break;
      case 'finish-eventual':
        console.log(
          `Receipt ${register.finishPendingEventually(args[0] ?? '').receiptId} is final; the register is now in eventual mode.`,
        );
        break;
      case 'mode': {
        const mode = args[0];
        if (mode !== 'strong' && mode !== 'eventual')
          throw new UserError('INVALID_INPUT', 'mode is "strong" or "eventual".');
        register.setMode(mode);
        console.log(`Sync mode: ${mode}`);
        break;
      }
      case 'schedule':
        register.setNightlyAt(args[0] ?? '');
        console.log(`Nightly batch at ${args[0]}`);
        break;
      case 'sync': {
        const result = await register.syncNow((p) => {
          const pct = p.eventsTotal ? Math.round((100 * p.eventsDone) / p.eventsTotal) : 100;
          process.stderr.write(
            `\r${p.phase.padEnd(4)} ${p.eventsDone}/${p.eventsTotal} events ${pct}%   `,
          );
        });
        console.log(
          `\nPushed ${result.pushed}, pulled ${result.pulled}${result.conflicts ? `, ${result.conflicts} conflicts refused` : ''}.`,
        );
        break;
      }
      case 'seed-demo': {
        const seeded = seedDemo(register.ledger);
        console.log(`Loaded ${seeded.titles} titles and ${seeded.copies} copies of opening stock.`);
        break;
      }
      default:
        throw new UserError('INVALID_INPUT', `Unknown command "${command}". See --help.`);
    }
  } finally {
    await register.close();
  }
}

main().catch((error: unknown) => {
  if (
    error instanceof UserError ||
    error instanceof MasterRejectedError ||
    error instanceof MasterUnreachableError
  ) {
    console.error(`bookcase: ${error.message}`);
    process.exitCode = 2;
    return;
  }
  console.error(error);
  process.exitCode = 1;
});
