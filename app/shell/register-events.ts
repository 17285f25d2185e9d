// Things the page should hear about without asking (sync progress, a changed status). Each shell
// forwards them its own way: IPC messages to the Electron window, a stream to the browser page.
import type { RegisterEvent } from '../protocol/register-api.js';

export type RegisterEventListener = (event: RegisterEvent) => void;

export class RegisterEvents {
  private readonly listeners = new Set<RegisterEventListener>();

  on(listener: RegisterEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: RegisterEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One broken page connection must not stop the others from hearing the event.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
