// The first launch on a machine with no configuration: a register a newcomer can use at once
// (the demo store, its catalog and opening stock), enrolled with an embedded master when this
// build has one. Later launches open the same ledger and restart the same embedded master.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { seedDemo } from '../catalog/seed-demo.js';
import { Register } from '../register/register.js';
import { startEmbeddedMaster, type EmbeddedMaster } from './embedded-master.js';

export const DEMO_STORE_ID = 'uptown';
export const DEMO_REGISTER_NAME = 'Counter 1';

const shellConfigSchema = z.object({
  embeddedMaster: z.object({ port: z.number().int().min(1).max(65_535) }).optional(),
});
type ShellConfig = z.infer<typeof shellConfigSchema>;

const configPath = (dataDir: string) => join(dataDir, 'shell.json');

function readConfig(dataDir: string): ShellConfig {
  const path = configPath(dataDir);
  if (!existsSync(path)) return {};
  const parsed = shellConfigSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path} is damaged: ${parsed.error.message}`);
  return parsed.data;
}

export interface PreparedRegister {
  register: Register;
  master: EmbeddedMaster | undefined;
  firstRun: boolean;
}

export async function prepareRegister(options: {
  dataDir: string;
  nativeBinding?: string;
  log: Logger;
}): Promise<PreparedRegister> {
  const { dataDir, log } = options;
  const firstRun = !existsSync(join(dataDir, 'ledger.db'));
  const register = Register.open({
    dataDir,
    ...(firstRun ? { storeId: DEMO_STORE_ID } : {}),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    if (!firstRun) {
      const config = readConfig(dataDir);
      const master = config.embeddedMaster
        ? await startEmbeddedMaster({
            dir: join(dataDir, 'master'),
            port: config.embeddedMaster.port,
            log,
          })
        : undefined;
      return { register, master, firstRun };
    }
    const seeded = seedDemo(register.ledger);
    register.ledger.settings.set('register_name', DEMO_REGISTER_NAME);
    log.info(
      `First run: a demo register for ${DEMO_STORE_ID} with ${seeded.titles} titles and ${seeded.copies} copies on the shelf, in ${dataDir}`,
    );
    const master = await startEmbeddedMaster({ dir: join(dataDir, 'master'), port: 0, log });
    if (master) {
      await register.enrol({
        masterUrl: master.url,
        code: await master.enrolmentCode(DEMO_STORE_ID),
        registerName: DEMO_REGISTER_NAME,
      });
      const port = Number(new URL(master.url).port);
      writeFileSync(configPath(dataDir), JSON.stringify({ embeddedMaster: { port } }, null, 2));
      log.info(`Enrolled with the embedded master at ${master.url}`);
    }
    return { register, master, firstRun };
  } catch (error) {
    await register.close();
    throw error;
  }
}
