// The page notices a register left alone (no key or pointer for the idle minutes) and asks the
// register to lock; the register also locks by itself, and is the one that decides.
import { useEffect } from 'react';
import type { SessionView } from '../../app/protocol/staff-api.js';
import type { RegisterClient } from '../api/register-client.js';

const CHECK_MS = 1_000;

export function useIdleLock(
  api: RegisterClient,
  session: SessionView | null,
  onSession: (session: SessionView) => void,
) {
  const minutes = session?.idleLockMinutes ?? 0;
  const watching = Boolean(session?.signedIn) && !session?.locked && minutes > 0;
  useEffect(() => {
    if (!watching) return;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
    };
    const timer = setInterval(() => {
      if (Date.now() - last < minutes * 60_000) return;
      last = Date.now();
      api.lock({}).then(onSession, () => undefined);
    }, CHECK_MS);
    window.addEventListener('keydown', touch, true);
    window.addEventListener('pointerdown', touch, true);
    return () => {
      clearInterval(timer);
      window.removeEventListener('keydown', touch, true);
      window.removeEventListener('pointerdown', touch, true);
    };
  }, [api, minutes, watching, onSession]);
}
