// A TCP proxy that can black-hole traffic the way a dead network does: every socket stays open, but
// no byte (and no FIN) gets through in either direction until the hole is closed again; then what
// was held is delivered, as TCP's retransmissions would. This is what a browser cannot see without
// asking (context.setOffline leaves an open WebSocket working in Chromium, so it tests nothing).
//
//   const proxy = await blackHoleProxy(targetPort);  // listens on 127.0.0.1:proxy.port
//   proxy.hold('all');        // every connection, old and new
//   proxy.hold('websocket');  // only WebSocket connections (so a page can still load)
//   proxy.release();          // deliver what was held, forward again
import net from 'node:net';

export async function blackHoleProxy(targetPort, targetHost = '127.0.0.1') {
  let holding = null; // null | 'all' | 'websocket'
  const links = new Set();

  const held = (link) => holding === 'all' || (holding === 'websocket' && link.websocket === true);

  function connectUpstream(link) {
    const upstream = net.connect(targetPort, targetHost);
    link.upstream = upstream;
    upstream.on('data', (chunk) => {
      if (held(link)) link.down.push(chunk);
      else link.client.write(chunk);
    });
    upstream.on('end', () => {
      if (held(link)) link.downEnded = true;
      else link.client.end();
    });
    upstream.on('error', () => link.client.destroy());
    upstream.on('close', () => { if (!held(link)) link.client.destroy(); });
  }

  function flush(link) {
    if (held(link)) return;
    if (link.upstream === null) {
      // Never reached the server, and the browser gave up on it meanwhile: nothing to deliver.
      if (link.upEnded) {
        link.client.destroy();
        links.delete(link);
        return;
      }
      if (link.up.length) connectUpstream(link);
    }
    for (const chunk of link.up.splice(0)) link.upstream.write(chunk);
    if (link.upEnded) link.upstream.end();
    for (const chunk of link.down.splice(0)) link.client.write(chunk);
    if (link.downEnded) link.client.end();
  }

  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const link = { client, upstream: null, websocket: null, up: [], down: [], upEnded: false, downEnded: false };
    links.add(link);
    client.on('data', (chunk) => {
      if (link.websocket === null) link.websocket = /\r\nupgrade:\s*websocket/i.test(chunk.toString('latin1'));
      if (held(link) || link.upstream === null) {
        link.up.push(chunk);
        flush(link);
      } else {
        link.upstream.write(chunk);
      }
    });
    client.on('end', () => {
      link.upEnded = true;
      if (!held(link) && link.upstream) link.upstream.end();
    });
    client.on('error', () => link.upstream?.destroy());
    client.on('close', () => {
      if (!held(link)) {
        link.upstream?.destroy();
        links.delete(link);
      }
    });
  });
  server.on('connection', (socket) => socket.setNoDelay(true));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: server.address().port,
    hold(what = 'all') {
      holding = what;
    },
    release() {
      holding = null;
      for (const link of [...links]) flush(link);
    },
    close() {
      for (const link of links) {
        link.client.destroy();
        link.upstream?.destroy();
      }
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
