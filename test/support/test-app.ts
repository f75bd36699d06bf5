import type { DynamicModule, INestApplication } from '@nestjs/common';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createApp } from '#src/app.factory.js';
import type { AppConfig } from '#src/config/app-config.js';
import { REDACTED_PATHS } from '#src/logging/logger.js';

export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  /** Every log line the app wrote, as JSON text. */
  logs: string[];
  request(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/** Boots the real application on a random port, capturing its JSON logs. */
export async function startTestApp(config: AppConfig, options: { ports?: DynamicModule } = {}): Promise<TestApp> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: 'debug', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
  const app = await createApp(config, { logger, ports: options.ports });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    baseUrl,
    logs,
    request: (path, init = {}) => {
      const { token, json, headers, ...rest } = init;
      const allHeaders = new Headers(headers);
      if (token) allHeaders.set('authorization', `Bearer ${token}`);
      if (json !== undefined) allHeaders.set('content-type', 'application/json');
      return fetch(`${baseUrl}${path}`, { ...rest, headers: allHeaders, body: json !== undefined ? JSON.stringify(json) : rest.body });
    },
    close: () => app.close(),
  };
}
