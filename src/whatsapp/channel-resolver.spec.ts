import { jest } from '@jest/globals';
import { listPostableChannels, parseChannelTarget, resolveChannelId } from './channel-resolver.js';
import type { WhatsAppChannel, WhatsAppClientPort } from './whatsapp-client.port.js';
import { WhatsAppChannelTargetError } from './whatsapp-errors.js';

const channel = (id: string, name: string, membershipType?: string): WhatsAppChannel => ({
  id: { _serialized: id },
  name,
  channelMetadata: { membershipType },
});

function clientWith(overrides: Partial<WhatsAppClientPort>): WhatsAppClientPort {
  const unused = (): Promise<never> => Promise.reject(new Error('unused'));
  return {
    initialize: unused,
    destroy: unused,
    sendMessage: unused,
    getChannels: unused,
    fetchChannelMessages: unused,
    getChannelByInviteCode: unused,
    getChatById: unused,
    requestPairingCode: unused,
    on: () => undefined,
    ...overrides,
  };
}

describe('parseChannelTarget', () => {
  it.each([
    ['120363025246125486@newsletter', { kind: 'id', id: '120363025246125486@newsletter' }],
    ['0029VaABCDEFghijkLMNOP12', { kind: 'invite', code: '0029VaABCDEFghijkLMNOP12' }],
    ['https://whatsapp.com/channel/0029VaABCDEFghijkLMNOP12', { kind: 'invite', code: '0029VaABCDEFghijkLMNOP12' }],
    [' https://www.whatsapp.com/channel/0029VaABCDEFghijkLMNOP12/?utm=x ', { kind: 'invite', code: '0029VaABCDEFghijkLMNOP12' }],
  ])('reads %j', (input, expected) => {
    expect(parseChannelTarget(input)).toEqual(expected);
  });

  it('names the target that is neither', () => {
    expect(() => parseChannelTarget('https://example.com/channel/x')).toThrow(
      /WhatsApp channel target "https:\/\/example.com\/channel\/x": expected a channel id/,
    );
  });
});

describe('resolveChannelId', () => {
  it('passes ids through and looks invite codes up', async () => {
    const getChannelByInviteCode = jest.fn((_code: string) => Promise.resolve(channel('42@newsletter', 'Blog', 'owner')));
    const client = clientWith({ getChannelByInviteCode });
    await expect(resolveChannelId(client, '7@newsletter')).resolves.toBe('7@newsletter');
    await expect(resolveChannelId(client, 'https://whatsapp.com/channel/0029VaABCDEFghijkLMNOP12')).resolves.toBe('42@newsletter');
    expect(getChannelByInviteCode).toHaveBeenCalledTimes(1);
    expect(getChannelByInviteCode).toHaveBeenCalledWith('0029VaABCDEFghijkLMNOP12');
  });

  it('fails with a typed error when the code finds nothing', async () => {
    const client = clientWith({ getChannelByInviteCode: () => Promise.resolve(null) });
    await expect(resolveChannelId(client, '0029VaABCDEFghijkLMNOP12')).rejects.toThrow(WhatsAppChannelTargetError);
    const failing = clientWith({ getChannelByInviteCode: () => Promise.reject(new Error('boom')) });
    await expect(resolveChannelId(failing, '0029VaABCDEFghijkLMNOP12')).rejects.toThrow(/invite code lookup failed: boom/);
  });
});

describe('listPostableChannels', () => {
  it('keeps only channels where the account is owner or admin', async () => {
    const client = clientWith({
      getChannels: () =>
        Promise.resolve([
          channel('1@newsletter', 'Eigener Kanal', 'owner'),
          channel('2@newsletter', 'Mitverwaltet', 'admin'),
          channel('3@newsletter', 'Abonniert', 'subscriber'),
          { id: { _serialized: '4@newsletter' }, name: 'Ohne Metadaten' },
        ]),
    });
    await expect(listPostableChannels(client)).resolves.toEqual([
      { id: '1@newsletter', name: 'Eigener Kanal', role: 'owner' },
      { id: '2@newsletter', name: 'Mitverwaltet', role: 'admin' },
    ]);
  });
});
