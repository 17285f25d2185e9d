// What a convergence suite actually exercised, summed over its cases. A property that passes
// because no strong sale was ever confirmed, or no crash ever happened, proves nothing, so each
// suite asserts that the events it is about really occurred.
import type { NetworkStats } from './convergence-network.js';

export class Coverage {
  readonly counts = new Map<string, number>();
  cases = 0;
  steps = 0;

  count(what: string, by = 1): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + by);
  }

  get(what: string): number {
    return this.counts.get(what) ?? 0;
  }

  addNetwork(stats: NetworkStats): void {
    this.count('requests', stats.requests);
    for (const [fault, times] of Object.entries(stats.faults)) this.count(`fault ${fault}`, times);
    this.count('request in a partition', stats.partitioned);
    this.count('late request delivered', stats.lateDelivered);
    for (const [code, times] of Object.entries(stats.refusals))
      this.count(`refused ${code}`, times);
  }

  /** The names in `required` that never happened. */
  missing(required: readonly string[]): string[] {
    return required.filter((what) => this.get(what) === 0);
  }

  summary(): string {
    const rows = [...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b));
    return [
      `${this.cases} cases, ${this.steps} steps`,
      ...rows.map(([what, times]) => `  ${what}: ${times}`),
    ].join('\n');
  }
}
