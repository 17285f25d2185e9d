// How figures are written in the table: a few significant digits and a unit.

export function fmtRate(perSecond: number, unit = '/s'): string {
  if (!Number.isFinite(perSecond)) return 'n/a';
  if (perSecond >= 100_000)
    return `${Math.round(perSecond / 1000).toLocaleString('en-US')}k${unit}`;
  if (perSecond >= 10_000) return `${(perSecond / 1000).toFixed(1)}k${unit}`;
  return `${Math.round(perSecond).toLocaleString('en-US')}${unit}`;
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function fmtRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  if (ratio >= 100) return `${Math.round(ratio)}x`;
  if (ratio >= 10) return `${ratio.toFixed(1)}x`;
  return `${ratio.toFixed(2)}x`;
}

export function fmtBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'n/a';
  const mib = bytes / (1024 * 1024);
  if (Math.abs(mib) >= 1024) return `${(mib / 1024).toFixed(2)} GiB`;
  return `${mib.toFixed(1)} MiB`;
}

export function fmtCount(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1_000 && n % 1_000 === 0) return `${n / 1_000}k`;
  return n.toLocaleString('en-US');
}
