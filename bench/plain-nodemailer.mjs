// The baseline of the send benchmark, in its own process: plain nodemailer pushes one
// pre-rendered message (a message Postbote composed for the issue, headers included) N times
// through the same pool settings to the same sink, with 2 × connections concurrent sends.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import nodemailer from 'nodemailer';
import { toNodemailerMessage } from '../dist/mail/mail-transport.js';
import { smtpPoolOptions } from '../dist/mail/smtp.transport.js';

const [port, n, connections, messageFile] = process.argv.slice(2);
const N = Number(n);
const CONNECTIONS = Number(connections);
const message = toNodemailerMessage(JSON.parse(readFileSync(messageFile, 'utf8')));
const transporter = nodemailer.createTransport(smtpPoolOptions({ url: `smtp://127.0.0.1:${port}`, maxConnections: CONNECTIONS, maxMessages: 1000 }));
const started = Date.now();
const cpuBefore = process.cpuUsage();
let next = 0;
const lane = async () => {
  while (next < N) {
    next++;
    await transporter.sendMail(message);
  }
};
await Promise.all(Array.from({ length: CONNECTIONS * 2 }, lane));
const seconds = (Date.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
transporter.close();
process.send({ seconds, rate: N / seconds, cpuMsPerMessage: (cpu.user + cpu.system) / 1000 / N }, () => process.exit(0));
