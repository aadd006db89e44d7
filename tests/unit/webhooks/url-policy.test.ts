import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from '#shared/webhooks/post-webhook';
import {
  checkWebhookUrl,
  forbiddenAddressReason,
  type Resolver,
} from '#shared/webhooks/url-policy';

const resolvesTo =
  (...addresses: string[]): Resolver =>
  () =>
    Promise.resolve(
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );

describe('webhook URL policy', () => {
  it.each([
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '127.0.0.1',
    '127.1.2.3',
    '0.0.0.0',
    '169.254.169.254',
    '100.64.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd00:ec2::254',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '::ffff:10.1.2.3',
    '64:ff9b::a9fe:a9fe',
    '2002:7f00:1::',
  ])('refuses %s in the cloud', (address) => {
    expect(forbiddenAddressReason(address, 'cloud')).toBeDefined();
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(forbiddenAddressReason(address, 'cloud')).toBeUndefined();
    },
  );

  it('allows loopback locally but still refuses private and metadata addresses there', () => {
    expect(forbiddenAddressReason('127.0.0.1', 'local')).toBeUndefined();
    expect(forbiddenAddressReason('::1', 'local')).toBeUndefined();
    expect(forbiddenAddressReason('169.254.169.254', 'local')).toBeDefined();
    expect(forbiddenAddressReason('10.0.0.1', 'local')).toBeDefined();
  });

  it('requires https in the cloud and allows http locally', async () => {
    const resolve = resolvesTo('93.184.215.14');
    expect(
      await checkWebhookUrl('http://hooks.example.com/x', { stage: 'cloud', resolve }),
    ).toMatchObject({
      allowed: false,
      code: 'WEBHOOK_URL_SCHEME',
    });
    expect(await checkWebhookUrl('http://127.0.0.1:9/x', { stage: 'local' })).toMatchObject({
      allowed: true,
    });
    expect(
      await checkWebhookUrl('ftp://hooks.example.com/', { stage: 'local', resolve }),
    ).toMatchObject({
      allowed: false,
      code: 'WEBHOOK_URL_SCHEME',
    });
  });

  it('refuses a DNS name that resolves to 127.0.0.1 in the cloud profile', async () => {
    const verdict = await checkWebhookUrl('https://rebind.example.com/hook', {
      stage: 'cloud',
      resolve: resolvesTo('127.0.0.1'),
    });

    expect(verdict).toMatchObject({ allowed: false, code: 'WEBHOOK_URL_FORBIDDEN_ADDRESS' });
  });

  it('refuses a name when any of its addresses is private, and pins an allowed one', async () => {
    expect(
      await checkWebhookUrl('https://mixed.example.com/', {
        stage: 'cloud',
        resolve: resolvesTo('93.184.215.14', '10.0.0.7'),
      }),
    ).toMatchObject({ allowed: false });
    expect(
      await checkWebhookUrl('https://ok.example.com/', {
        stage: 'cloud',
        resolve: resolvesTo('93.184.215.14'),
      }),
    ).toMatchObject({ allowed: true, address: { address: '93.184.215.14', family: 4 } });
  });

  it('refuses IP literals, IPv6 brackets included, metadata hosts and credentials in the URL', async () => {
    const cloud = { stage: 'cloud' as const, resolve: resolvesTo('93.184.215.14') };
    for (const url of [
      'https://169.254.169.254/latest/meta-data/',
      'https://[::1]/',
      'https://[::ffff:127.0.0.1]/',
      'https://[fd00:ec2::254]/',
      'https://0x7f000001/',
      'https://2130706433/',
    ]) {
      expect(await checkWebhookUrl(url, cloud), url).toMatchObject({ allowed: false });
    }
    expect(await checkWebhookUrl('https://user:pw@hooks.example.com/', cloud)).toMatchObject({
      allowed: false,
      code: 'WEBHOOK_URL_CREDENTIALS',
    });
  });

  it('refuses a name that does not resolve, and text that is not a URL', async () => {
    const nothing: Resolver = () => Promise.reject(new Error('ENOTFOUND'));
    expect(
      await checkWebhookUrl('https://nowhere.invalid/', { stage: 'cloud', resolve: nothing }),
    ).toMatchObject({ allowed: false, code: 'WEBHOOK_URL_UNRESOLVABLE' });
    expect(await checkWebhookUrl('not a url', { stage: 'cloud' })).toMatchObject({
      allowed: false,
      code: 'WEBHOOK_URL_INVALID',
    });
  });
});

describe('webhook HTTP attempt', () => {
  let server: Server;
  let port: number;
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      hits.push(request.url ?? '');
      request.resume();
      if (request.url === '/redirect') {
        response.writeHead(302, { location: `http://127.0.0.1:${port}/target` });
        response.end();
      } else if (request.url === '/slow') {
        setTimeout(() => response.end('late'), 2_000);
      } else {
        response.writeHead(204);
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (path: string, extra: Partial<Parameters<typeof postWebhook>[0]> = {}) =>
    postWebhook({
      url: `http://127.0.0.1:${port}${path}`,
      headers: {},
      body: '{}',
      stage: 'local',
      ...extra,
    });

  it('does not follow a redirect: a 3xx is a failed attempt', async () => {
    hits.length = 0;
    const result = await post('/redirect');

    expect(result).toMatchObject({ ok: false, statusCode: 302 });
    expect(result.error).toContain('redirect refused');
    expect(hits).toEqual(['/redirect']);
  });

  it('connects to the address the policy checked, whatever the name resolves to later', async () => {
    let lookups = 0;
    // the first (checked) answer is loopback, allowed locally; a rebinding answer never gets used
    const resolve: Resolver = () => {
      lookups++;
      return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
    };
    const result = await postWebhook({
      url: `http://receiver.test:${port}/ok`,
      headers: {},
      body: '{}',
      stage: 'local',
      resolve,
    });

    expect(result).toMatchObject({ ok: true, statusCode: 204 });
    expect(lookups).toBe(1);
  });

  it('refuses at delivery time a name that now resolves to loopback in the cloud profile', async () => {
    hits.length = 0;
    const result = await postWebhook({
      url: `https://receiver.test:${port}/ok`,
      headers: {},
      body: '{}',
      stage: 'cloud',
      resolve: resolvesTo('127.0.0.1'),
    });

    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^refused: loopback/);
    expect(hits).toEqual([]);
  });

  it('gives up after the timeout', async () => {
    const result = await post('/slow', { timeoutMs: 300 });

    expect(result).toMatchObject({ ok: false, error: 'timeout' });
  });
});
