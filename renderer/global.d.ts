import type { BookcaseBridge } from '../app/protocol/register-api.js';

declare global {
  interface Window {
    /** Present only in the Electron window, put there by the preload. */
    readonly bookcase?: BookcaseBridge;
  }
}
