import path from 'node:path';
import { webBuildOptions } from './whatsapp-web.client.js';

describe('webBuildOptions (the library’s webVersion + webVersionCache)', () => {
  it('local: a saved build from the directory, strict when asked', () => {
    expect(webBuildOptions({ version: '2.3000.1', cache: 'local', dir: 'data/web', strict: true })).toEqual({
      webVersion: '2.3000.1',
      webVersionCache: { type: 'local', path: path.resolve('data/web'), strict: true },
    });
  });

  it('remote only with a configured URL; otherwise the local cache (never an implicit download)', () => {
    expect(webBuildOptions({ cache: 'remote', dir: '/c', remoteUrl: 'https://builds.example/{version}.html', strict: false }).webVersionCache).toEqual({
      type: 'remote',
      remotePath: 'https://builds.example/{version}.html',
      strict: false,
    });
    expect(webBuildOptions({ cache: 'remote', dir: '/c', strict: false }).webVersionCache).toEqual({ type: 'local', path: '/c', strict: false });
  });

  it('none: the live build; no version pinned leaves the library default', () => {
    expect(webBuildOptions({ cache: 'none', dir: '/c', strict: false })).toEqual({ webVersionCache: { type: 'none' } });
  });
});
