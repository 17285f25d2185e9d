// Who the browser shell's host lets in. It serves a register (sales, refunds, settings), so on a
// machine where any web page may be open it must admit only its own page:
// - the Host header must name the host itself, so a DNS-rebound name (evil.example resolving to
//   127.0.0.1) is refused even though the connection arrives on loopback;
// - API calls must come from its own Origin, so another page's fetch or form cannot reach it;
// - API calls must carry the per-launch secret, which only a page served by this launch knows.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newLaunchSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares secrets in constant time, whatever their lengths. */
export function sameSecret(given: string | undefined, secret: string): boolean {
  if (given === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

export interface Admission {
  secret: string;
  /** Host header values naming this host, e.g. "127.0.0.1:4870" and "localhost:4870". */
  hosts: ReadonlySet<string>;
  /** Origins of this host's own page, e.g. "http://127.0.0.1:4870". */
  origins: ReadonlySet<string>;
}

export function admissionFor(listenHost: string, port: number, secret: string): Admission {
  const names =
    listenHost === '127.0.0.1' || listenHost === 'localhost'
      ? ['127.0.0.1', 'localhost']
      : listenHost === '::1'
        ? ['[::1]', 'localhost']
        : [listenHost.includes(':') ? `[${listenHost}]` : listenHost];
  const hosts = new Set(names.map((name) => `${name}:${port}`));
  return { secret, hosts, origins: new Set([...hosts].map((host) => `http://${host}`)) };
}

export type Refusal = { status: 403; code: 'FORBIDDEN'; message: string };

const refuse = (message: string): Refusal => ({ status: 403, code: 'FORBIDDEN', message });

export function checkHost(admission: Admission, host: string | undefined): Refusal | undefined {
  if (host !== undefined && admission.hosts.has(host.toLowerCase())) return undefined;
  return refuse('This register host answers only to its own address (the Host header is not it).');
}

/** For API calls: their own page's Origin and the launch secret, both required. */
export function checkApiCall(
  admission: Admission,
  headers: { host?: string; origin?: string; key?: string },
): Refusal | undefined {
  const host = checkHost(admission, headers.host);
  if (host) return host;
  if (headers.origin === undefined || !admission.origins.has(headers.origin.toLowerCase())) {
    return refuse('This register API answers only to its own page (the Origin is not it).');
  }
  if (!sameSecret(headers.key, admission.secret)) {
    return refuse(
      'This register API needs the key of this launch: open the address the register printed.',
    );
  }
  return undefined;
}
