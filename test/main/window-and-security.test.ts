// The Electron checklist, point by point, on the window and the session the main process sets up.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, FakeSession, FakeWebContents } from './electron-fakes.js';

vi.mock('electron', async () => {
  const fakes = await import('./electron-fakes.js');
  return { BrowserWindow: fakes.FakeBrowserWindow };
});

const { createMainWindow } = await import('../../main/window.js');
const { hardenSession, hardenWebContents } = await import('../../main/security.js');

describe('the register window', () => {
  beforeEach(() => {
    FakeBrowserWindow.created = [];
  });

  it('isolates and sandboxes the page, with no Node, no webviews and only our preload', () => {
    createMainWindow('/app/dist/main/preload.cjs');
    const [window] = FakeBrowserWindow.created;
    expect(window?.options.webPreferences).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      preload: '/app/dist/main/preload.cjs',
    });
  });

  it('shows itself only once the page is painted', () => {
    const window = createMainWindow('/p.cjs') as unknown as FakeBrowserWindow;
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledOnce();
  });
});

describe('what the page may not do', () => {
  it('navigates nowhere: not to another site, not to a file, not even to another page of ours', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as never);
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'app://bookcase/other.html',
    ]) {
      const event = { preventDefault: vi.fn() };
      contents.emit('will-navigate', event, url);
      expect(event.preventDefault, url).toHaveBeenCalledOnce();
    }
    const redirect = { preventDefault: vi.fn() };
    contents.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalledOnce();
  });

  it('opens no new windows and attaches no webviews', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as never);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({
      action: 'deny',
    });
    expect(contents.windowOpenHandler?.({ url: 'app://bookcase/index.html' })).toEqual({
      action: 'deny',
    });
    const attach = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', attach, {}, {});
    expect(attach.preventDefault).toHaveBeenCalledOnce();
  });

  it('is granted no permission, whatever it asks for', () => {
    const session = new FakeSession();
    hardenSession(session as never);
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'hid',
      'serial',
    ]) {
      const callback = vi.fn();
      session.permissionRequest?.({}, permission, callback);
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(session.permissionCheck?.({}, permission, 'app://bookcase', {})).toBe(false);
    }
    expect(session.deviceCheck?.({ deviceType: 'usb' })).toBe(false);
  });
});
