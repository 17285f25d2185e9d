// The page's entry: pick the transport for the shell we are in (the Electron preload's bridge,
// or the browser shell's HTTP API with the key its host put in the page) and show the register.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { KEY_META_NAME } from '../app/protocol/register-api.js';
import { browserTransport } from './api/browser-transport.js';
import { electronTransport } from './api/electron-transport.js';
import { createRegisterClient } from './api/register-client.js';
import { App } from './App.js';
import { StartupGate } from './startup/StartupGate.js';
import './styles/app.css';
import './styles/print.css';

function transport() {
  if (window.bookcase) return electronTransport(window.bookcase);
  const key = document.querySelector<HTMLMetaElement>(`meta[name="${KEY_META_NAME}"]`)?.content;
  if (!key) throw new Error('This page was not opened through the register: no key.');
  return browserTransport(key);
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const api = createRegisterClient(transport());
createRoot(root).render(
  <StrictMode>
    <StartupGate api={api}>
      <App api={api} />
    </StartupGate>
  </StrictMode>,
);
