// Runs the nightly batch at the store's chosen local time. Time is injected so tests need not wait.

/** The next local time at HH:MM strictly after `now`. */
export function nextRunAt(now: Date, hhmm: string): Date {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  const next = new Date(now);
  next.setHours(hours, minutes, 0, 0);
  if (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
  return next;
}

export interface SchedulerOptions {
  /** Reads the configured time each time it arms, so a changed schedule takes effect. */
  at: () => string;
  run: () => Promise<unknown>;
  onError?: (error: unknown) => void;
  now?: () => Date;
  setTimer?: (callback: () => void, ms: number) => { cancel: () => void };
}

const realTimer = (callback: () => void, ms: number) => {
  // setTimeout cannot wait longer than ~24.8 days; a night is far less.
  const handle = setTimeout(callback, ms);
  handle.unref();
  return { cancel: () => clearTimeout(handle) };
};

export class NightlyScheduler {
  private timer: { cancel: () => void } | undefined;
  private nextAt: Date | undefined;

  constructor(private readonly options: SchedulerOptions) {}

  start(): void {
    this.arm();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.nextAt = undefined;
  }

  /** Call after the schedule changes. */
  reschedule(): void {
    this.stop();
    this.arm();
  }

  get next(): Date | undefined {
    return this.nextAt;
  }

  private arm(): void {
    const now = (this.options.now ?? (() => new Date()))();
    this.nextAt = nextRunAt(now, this.options.at());
    const setTimer = this.options.setTimer ?? realTimer;
    this.timer = setTimer(() => {
      this.options
        .run()
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => this.arm());
    }, this.nextAt.getTime() - now.getTime());
  }
}
