// node sink.mjs PORT DIR: accepts every message on 127.0.0.1:PORT (no TLS, no auth) and writes it to DIR/<n>.eml.
import { SMTPServer } from 'smtp-server';
import fs from 'node:fs';
import path from 'node:path';

const [port, dir] = process.argv.slice(2);
fs.mkdirSync(dir, { recursive: true });
let n = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      const file = path.join(dir, `${String(++n).padStart(5, '0')}.eml`);
      // Written under a temporary name, then renamed: a reader never sees half a message.
      fs.writeFileSync(file + '.tmp', Buffer.concat(chunks));
      fs.renameSync(file + '.tmp', file);
      callback();
    });
  },
});
server.listen(Number(port), '127.0.0.1', () => console.log(`smtp sink on 127.0.0.1:${port}`));
