// A counting SMTP sink in its own process (so it does not compete with the measured event loop).
import process from 'node:process';
import { SMTPServer } from 'smtp-server';

let count = 0;
let lastAt = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  maxClients: 100,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      count++;
      lastAt = Date.now();
      callback();
    });
  },
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.server.address().port }));
process.on('message', (message) => {
  if (message === 'stats') process.send({ count, lastAt });
  if (message === 'reset') count = 0;
  if (message === 'stop') server.close(() => process.exit(0));
});
