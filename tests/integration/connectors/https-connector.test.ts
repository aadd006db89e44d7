import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localCredentials } from '#shared/connectors/credentials';
import {
  InsecurePayerUrlError,
  PayerRequestError,
  createHttpsConnector,
  type HttpsConnectorOptions,
} from '#shared/connectors/https-connector';
import { PayerUnavailableError, type PayerConnector } from '#shared/connectors/payer-connector';

const TOKEN = 'mailbox-token-123';
const credentials = localCredentials({
  environment: {
    SECRET_UPSTREAM_TOKEN: JSON.stringify({ token: TOKEN }),
    SECRET_UPSTREAM_BASIC: JSON.stringify({ username: 'acme', password: 'p@ss:word' }),
  },
});

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

/** A small mailbox: uploads by name, reports to list, fetch and delete; or a scripted answer. */
let uploads: Map<string, string>;
let reports: Map<string, string>;
let seen: Seen[];
let script: ((request: IncomingMessage, response: ServerResponse) => boolean) | undefined;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        authorization: request.headers.authorization,
        body,
      });
      if (script?.(request, response)) return;
      const url = request.url ?? '';
      const upload = /^\/api\/uploads\/([^/]+)$/.exec(url);
      const report = /^\/api\/reports\/([^/]+)$/.exec(url);
      if (upload?.[1] !== undefined && request.method === 'PUT') {
        uploads.set(decodeURIComponent(upload[1]), body);
        response.writeHead(201).end();
      } else if (upload?.[1] !== undefined && request.method === 'HEAD') {
        response.writeHead(uploads.has(decodeURIComponent(upload[1])) ? 200 : 404).end();
      } else if (url === '/api/reports' && request.method === 'GET') {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ files: [...reports.keys()].map((name) => ({ name })) }));
      } else if (report?.[1] !== undefined && request.method === 'GET') {
        const content = reports.get(report[1]);
        if (content === undefined) response.writeHead(404).end();
        else response.writeHead(200, { 'content-type': 'application/edi-x12' }).end(content);
      } else if (report?.[1] !== undefined && request.method === 'DELETE') {
        response.writeHead(reports.delete(report[1]) ? 200 : 404).end();
      } else {
        response.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});

beforeEach(() => {
  uploads = new Map();
  reports = new Map();
  seen = [];
  script = undefined;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function connector(overrides: Partial<HttpsConnectorOptions['transport']> = {}): PayerConnector {
  return createHttpsConnector({
    connectionId: 'upstream-api',
    credentials,
    transport: {
      baseUrl,
      uploadPath: '/uploads',
      listPath: '/reports',
      fetchPath: '/reports/{name}',
      acknowledgePath: '/reports/{name}',
      auth: { type: 'bearer', credentialsSecret: 'upstream/token' },
      timeoutMs: 2000,
      ...overrides,
    },
  });
}

describe('https connector', () => {
  it('uploads by name with the bearer token, and hasSent asks with HEAD on the same URL', async () => {
    const payer = connector();
    expect(await payer.hasSent('acme-1.837')).toBe(false);

    await payer.send('acme-1.837', 'ISA*00*~');

    expect(uploads.get('acme-1.837')).toBe('ISA*00*~');
    expect(await payer.hasSent('acme-1.837')).toBe(true);
    expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual([
      'HEAD /api/uploads/acme-1.837',
      'PUT /api/uploads/acme-1.837',
      'HEAD /api/uploads/acme-1.837',
    ]);
    expect(seen.every((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('sends basic credentials from the secret', async () => {
    const payer = connector({ auth: { type: 'basic', credentialsSecret: 'upstream/basic' } });
    await payer.hasSent('acme-1.837');
    expect(seen[0]?.authorization).toBe(
      'Basic ' + Buffer.from('acme:p@ss:word').toString('base64'),
    );
  });

  it('lists, fetches and deletes reports, and a second delete is not an error', async () => {
    reports.set('R0001.999', 'ISA*999~');
    reports.set('R0002.835', 'ISA*835~');
    const payer = connector();

    expect((await payer.listInbound()).map((file) => file.name)).toEqual([
      'R0001.999',
      'R0002.835',
    ]);
    expect((await payer.fetchInbound('R0001.999')).toString()).toBe('ISA*999~');
    await payer.acknowledgeInbound('R0001.999');
    await payer.acknowledgeInbound('R0001.999');

    expect([...reports.keys()]).toEqual(['R0002.835']);
  });

  it("reads Optum's mailbox shapes: reports as names, content as report_content", async () => {
    script = (request, response) => {
      const body =
        request.url === '/api/reports'
          ? { reports: ['R5000001.XY'], meta: {} }
          : { report_content: 'ISA*277~', meta: {} };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return true;
    };
    const payer = connector();
    expect(await payer.listInbound()).toEqual([{ name: 'R5000001.XY' }]);
    expect((await payer.fetchInbound('R5000001.XY')).toString()).toBe('ISA*277~');
  });

  it('maps 5xx, 429 and refused connections to PayerUnavailableError and other 4xx to a non-retryable error naming the status', async () => {
    const payer = connector();
    for (const [status, expected] of [
      [503, PayerUnavailableError],
      [429, PayerUnavailableError],
      [403, PayerRequestError],
      [400, PayerRequestError],
    ] as const) {
      script = (_request, response) => (response.writeHead(status).end(), true);
      const error = await payer.send('acme-2.837', 'ISA~').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(expected);
      expect((error as Error).message).toContain(`HTTP ${status}`);
      expect((error as Error).message).toContain('upstream-api');
    }

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await connector({ baseUrl: `http://127.0.0.1:${port}` })
      .listInbound()
      .catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(PayerUnavailableError);
    expect((refused as Error).message).toContain('ECONNREFUSED');
  });

  it('gives up on a payer that does not answer within the timeout, as retryable', async () => {
    script = () => true; // never answers
    const payer = connector({ timeoutMs: 1000 });
    const started = Date.now();

    const error = await payer.listInbound().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PayerUnavailableError);
    expect((error as Error).message).toContain('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('counts a 409 on upload as already sent', async () => {
    script = (_request, response) => (response.writeHead(409).end(), true);
    await expect(connector().send('acme-3.837', 'ISA~')).resolves.toBeUndefined();
  });

  it('refuses plain http to anything but this machine, and never follows a redirect', async () => {
    expect(() => connector({ baseUrl: 'http://payer.example.com/api' })).toThrow(
      InsecurePayerUrlError,
    );
    expect(() => connector({ baseUrl: 'http://10.0.0.5/api' })).toThrow(InsecurePayerUrlError);
    expect(() => connector({ baseUrl: 'https://payer.example.com/api' })).not.toThrow();
    expect(() => connector({ baseUrl: 'http://localhost:9/api' })).not.toThrow();

    script = (_request, response) => (
      response.writeHead(302, { location: 'http://127.0.0.1:9/steal' }).end(),
      true
    );
    await expect(connector().listInbound()).rejects.toBeInstanceOf(PayerRequestError);
    expect(seen).toHaveLength(1);
  });

  it('never puts the token or the file content in an error message', async () => {
    script = (_request, response) => (response.writeHead(500).end('ISA*secret body~'), true);
    const error = (await connector()
      .send('acme-4.837', 'ISA*PATIENT*DOE~')
      .catch((caught: unknown) => caught)) as Error;
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain('PATIENT');
    expect(error.message).not.toContain('secret body');
  });

  it('refuses a file name that could leave the folder in the URL', async () => {
    await expect(connector().fetchInbound('..')).rejects.toThrow(/one path segment/);
    await expect(connector().acknowledgeInbound('a/../../admin')).rejects.toThrow(
      /one path segment/,
    );
    expect(seen).toHaveLength(0);
  });
});
