// The child's half of lib/child.ts: answers the parent's calls, then exits when told to close.
type Handler = (params: never) => unknown;

export function serveParent(handlers: Record<string, Handler>, ready: unknown): void {
  process.on('message', (message: { id: number; method: string; params: unknown }) => {
    const handler = handlers[message.method];
    void (async () => {
      try {
        if (!handler) throw new Error(`no method ${message.method}`);
        const value = await (handler as (params: unknown) => unknown)(message.params);
        process.send?.({ id: message.id, ok: true, value });
        if (message.method === 'close') process.disconnect();
      } catch (error) {
        process.send?.({
          id: message.id,
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
      }
    })();
  });
  process.send?.({ type: 'ready', value: ready });
}

/** Samples this process's RSS so the parent can ask for the peak over a window. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private baseline = 0;
  private peak = 0;

  start(): { baseline: number } {
    this.stop();
    global.gc?.();
    this.baseline = process.memoryUsage.rss();
    this.peak = this.baseline;
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, process.memoryUsage.rss());
    }, 10);
    return { baseline: this.baseline };
  }

  stop(): { baseline: number; peak: number } {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
    return { baseline: this.baseline, peak: this.peak };
  }
}
