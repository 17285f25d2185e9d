// Entry point of `npm run master -- <command>`; see cli-program.ts for the commands.
import { runCli } from './cli-program.js';

const status = await runCli(
  process.argv.slice(2),
  (line) => console.log(line),
  (line) => console.error(line),
);
// Explicit, so a stray handle cannot keep a stopped master alive; stdout pipes write synchronously.
process.exit(status);
