// The smallest HTTP server node:http makes: the floor under any request the master answers.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveParent } from '../lib/child-side.js';
import { ownCpuUs } from '../lib/stats.js';

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
    response.end('ok');
  });
});
server.keepAliveTimeout = 30_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

serveParent(
  {
    cpu: ownCpuUs,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  },
  { url: `http://127.0.0.1:${port}` },
);
