import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../fixtures/x12/', import.meta.url));

/** Runs the CLI as `npm run x12` does (tsx); spawns are slow, so this file keeps to two. */
function cli(...args: string[]) {
  const result = spawnSync('npx', ['tsx', 'shared/x12/cli.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('x12 CLI parse', () => {
  it('prints the document as JSON and exits 0 for a well-formed file', () => {
    const { status, stdout } = cli('parse', `${FIXTURES}ta1-rejected.x12`);

    expect(status).toBe(0);
    const document = JSON.parse(stdout) as {
      interchanges: {
        senderId: string;
        receiverId: string;
        controlNumber: string;
        groups: { transactions: unknown[] }[];
      }[];
    };
    expect(document.interchanges[0]).toMatchObject({
      senderId: 'SENDER',
      receiverId: 'RECEIVER',
      controlNumber: '000000001',
    });
    expect(document.interchanges[0]?.groups[0]?.transactions).toEqual([
      expect.objectContaining({
        type: 'TA1',
        interchangeControlNumber: '000000777',
        acknowledgment: 'R',
        noteCode: '022',
      }),
    ]);
  });

  it('exits non-zero with the located error as JSON on stderr for a malformed file', () => {
    const { status, stdout, stderr } = cli('parse', `${FIXTURES}999-missing-se.x12`);

    expect(status).toBe(1);
    expect(stdout).toBe('');
    const errorLine = stderr.trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(errorLine)).toEqual({
      code: 'UNEXPECTED_SEGMENT',
      segment: 8,
      segmentId: 'GE',
      position: 0,
      message: expect.any(String) as string,
    });
  });
});
