import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runBuildCommand } from '#shared/x12/cli-build';
import { tr3Violations } from './generate-837-tr3-rules.ts';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../fixtures/claims/${name}`, import.meta.url));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  return { out, err };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('runBuildCommand', () => {
  it('prints a valid 837P with the documented test control numbers', async () => {
    const { out } = capture();

    const code = await runBuildCommand([
      '--type',
      'professional',
      fixture('professional-full.json'),
    ]);

    const text = out.join('');
    expect(code).toBe(0);
    expect(text).toContain('*00501*000000001*0*T*:~');
    expect(text).toMatch(/GS\*HC\*CLEARINGHOUSE\*PAYER\*\d{8}\*\d{4}\*1\*X\*005010X222A1~/);
    expect(text).toContain('ST*837*0001*005010X222A1~');
    expect(tr3Violations(text, 'professional')).toEqual([]);
  });

  it('infers an institutional claim and prints its 837I', async () => {
    const { out } = capture();

    const code = await runBuildCommand([fixture('institutional-full.json')]);

    expect(code).toBe(0);
    expect(tr3Violations(out.join(''), 'institutional')).toEqual([]);
  });

  it('exits 1 with the validation issues as JSON on stderr for an invalid claim', async () => {
    const { out, err } = capture();
    const file = join(mkdtempSync(join(tmpdir(), 'x12-build-')), 'claim.json');
    writeFileSync(file, JSON.stringify({ claimInformation: {} }));

    const code = await runBuildCommand(['--type', 'professional', file]);

    expect(code).toBe(1);
    expect(out).toEqual([]);
    const body = JSON.parse(err.join('')) as { errors: { path: string; code: string }[] };
    expect(body.errors).toContainEqual(
      expect.objectContaining({ path: 'controlNumber', code: 'REQUIRED' }),
    );
  });

  it('exits 2 on a usage error', async () => {
    const { err } = capture();

    expect(await runBuildCommand(['--type', 'dental', 'x.json'])).toBe(2);
    expect(err.join('')).toContain('usage: x12 build');
  });
});
