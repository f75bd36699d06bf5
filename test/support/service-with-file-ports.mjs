// Entry point for tests that spawn real service processes before the subscribers and articles
// modules are merged: the built app (dist/) with the two ports bound to file-backed doubles.
// RECIPIENTS_FILE holds {"<newsletter slug>": [{subscriberId, email, name, locale}]}; it is read
// on every call, so the test can change it while processes run.
import 'reflect-metadata';
import process from 'node:process';
import { readFileSync } from 'node:fs';
import { Global, Module } from '@nestjs/common';
import { createApp } from '../../dist/app.factory.js';
import { ArticleCatalog } from '../../dist/articles/article-catalog.js';
import { loadConfigFromProcess } from '../../dist/config/load-config.js';
import { SubscriberDirectory } from '../../dist/subscribers/subscriber-directory.js';

const readRecipients = (slug) => JSON.parse(readFileSync(process.env.RECIPIENTS_FILE, 'utf8'))[slug] ?? [];

class FileSubscriberDirectory extends SubscriberDirectory {
  async listRecipients(slug, after, limit) {
    return readRecipients(slug)
      .filter((r) => after === null || r.subscriberId > after)
      .sort((a, b) => (a.subscriberId < b.subscriberId ? -1 : 1))
      .slice(0, limit);
  }
  async filterDeliverable(slug, ids) {
    const known = new Set(readRecipients(slug).map((r) => r.subscriberId));
    return new Set(ids.filter((id) => known.has(id)));
  }
  async suppressAddress() {}
  linksFor(id) {
    return { unsubscribeUrl: `https://postbote.test/unsubscribe?token=tok-${id}`, preferencesUrl: `https://postbote.test/preferences?token=tok-${id}` };
  }
}

class EmptyArticleCatalog extends ArticleCatalog {
  async findForDigest() {
    return [];
  }
  async getByIds() {
    return [];
  }
}

class FilePortsModule {}
Global()(FilePortsModule);
Module({})(FilePortsModule);

const ports = {
  module: FilePortsModule,
  global: true,
  providers: [
    { provide: SubscriberDirectory, useValue: new FileSubscriberDirectory() },
    { provide: ArticleCatalog, useValue: new EmptyArticleCatalog() },
  ],
  exports: [SubscriberDirectory, ArticleCatalog],
};

const config = loadConfigFromProcess();
const app = await createApp(config, { seams: { ports } });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
await app.listen(config.http.port, config.http.host);
process.stdout.write(JSON.stringify({ msg: 'test service started', role: config.role }) + '\n');
