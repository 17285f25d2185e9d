// What the page may not do, whatever it tries: go anywhere else, open windows, embed webviews or
// ask for the camera, the microphone, notifications or anything else.
import type { Session, WebContents } from 'electron';

export function hardenWebContents(contents: WebContents): void {
  // The register is a single page; any navigation is an attack or a bug (a dropped file, a link).
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
