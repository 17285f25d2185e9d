// Register settings kept in the ledger file itself, so they commit atomically with the events
// they describe and travel with a backup.
import { z } from 'zod';
import type { SqliteDatabase } from './database.js';

export const syncModeSchema = z.enum(['strong', 'eventual']);
export type SyncMode = z.infer<typeof syncModeSchema>;

const settingSchemas = {
  master_url: z.string().url(),
  master_token: z.string().min(20),
  register_id: z.string().min(1),
  register_name: z.string().min(1),
  sync_mode: syncModeSchema,
  /** May a manager switch to eventual mode when the master is unreachable? */
  allow_eventual_fallback: z.enum(['yes', 'no']),
  /** Local time of the nightly batch, HH:MM. */
  nightly_at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  /** The master feed position this ledger has durably applied. */
  pull_after: z.coerce.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  last_sync_at: z.string(),
  /** Minutes without a call before the register locks itself (0: never). */
  idle_lock_minutes: z.coerce.number().int().min(0).max(480),
  /** A shelf correction changing the count by more than this needs a manager. */
  correction_manager_threshold: z.coerce.number().int().min(0).max(100_000),
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type SettingValue<K extends SettingKey> = z.output<(typeof settingSchemas)[K]>;

const DEFAULTS: { [K in SettingKey]?: SettingValue<K> } = {
  sync_mode: 'eventual',
  allow_eventual_fallback: 'yes',
  nightly_at: '02:00',
  pull_after: 0,
  currency: 'USD',
  idle_lock_minutes: 5,
  correction_manager_threshold: 2,
};

export class Settings {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      get: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      set: db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      clear: db.prepare('DELETE FROM meta WHERE key = ?'),
    };
  }

  get<K extends SettingKey>(key: K): SettingValue<K> | undefined {
    const row = this.statements.get.get(`setting:${key}`);
    if (!row) return DEFAULTS[key];
    return settingSchemas[key].parse(row.value) as SettingValue<K>;
  }

  set<K extends SettingKey>(key: K, value: SettingValue<K>): void {
    const text = String(value);
    settingSchemas[key].parse(text);
    this.statements.set.run(`setting:${key}`, text);
  }

  clear(key: SettingKey): void {
    this.statements.clear.run(`setting:${key}`);
  }
}
