// `npm run x12 -- build [--type professional|institutional] FILE.json`: validates a claim in the
// API's shape with today's date and prints its 837 with test envelope values (see HELP).

import { readFile } from 'node:fs/promises';
import {
  validateInstitutionalClaim,
  validateProfessionalClaim,
} from '#shared/domain/claims/validate-claim';
import { previewEnvelope } from './preview-envelope.ts';
import { X12Error } from './errors.ts';
import { buildInstitutionalInterchange } from './generate-837-institutional.ts';
import { buildProfessionalInterchange } from './generate-837-professional.ts';

const HELP = `usage: x12 build [--type professional|institutional] FILE.json

Prints the 837P (005010X222A1) or 837I (005010X223A2) for one claim in the API's JSON shape.
Without --type, a claim with claimInformation.claimCodeInformation is institutional.
Test envelope: ISA05/ISA07 ZZ, ISA06 ${'CLEARINGHOUSE'}, ISA08 ${'PAYER'}, ISA13 000000001,
ISA15 T (usage), GS02 CLEARINGHOUSE, GS03 PAYER, GS06 1, ST02 0001, 1000A NM109 SUBMITTERID,
1000B NM109 RECEIVERID, REF*D9 (trace id) CLI-TEST, times are now (UTC).
An invalid claim prints {"errors":[{path,code,message}]} on stderr and exits 1.`;

interface CliError {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

function fail(errors: readonly CliError[], exitCode: number): number {
  process.stderr.write(`${JSON.stringify({ errors }, null, 2)}\n`);
  return exitCode;
}

type ClaimType = 'professional' | 'institutional';

function inferType(input: unknown): ClaimType {
  const info =
    typeof input === 'object' && input !== null
      ? (input as { claimInformation?: unknown }).claimInformation
      : undefined;
  return typeof info === 'object' && info !== null && 'claimCodeInformation' in info
    ? 'institutional'
    : 'professional';
}

/** The `build` command; returns the process exit code. */
export async function runBuildCommand(args: string[]): Promise<number> {
  let type: ClaimType | undefined;
  let file: string | undefined;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (arg === '--type') {
      const value = args[++index];
      if (value !== 'professional' && value !== 'institutional') {
        return fail([{ path: '--type', code: 'USAGE', message: HELP }], 2);
      }
      type = value;
    } else if (file === undefined && arg !== undefined) {
      file = arg;
    } else {
      return fail([{ path: '', code: 'USAGE', message: HELP }], 2);
    }
  }
  if (file === undefined) return fail([{ path: '', code: 'USAGE', message: HELP }], 2);

  let input: unknown;
  try {
    input = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const code = error instanceof SyntaxError ? 'INVALID_JSON' : 'UNREADABLE_FILE';
    return fail([{ path: '', code, message: `cannot read the claim file (${code})` }], 2);
  }

  const now = new Date();
  const options = { today: now.toISOString().slice(0, 10) };
  const claimType = type ?? inferType(input);
  try {
    let text: string;
    if (claimType === 'professional') {
      const result = validateProfessionalClaim(input, options);
      if (!result.ok) return fail(result.issues, 1);
      text = buildProfessionalInterchange(
        [{ claim: result.claim, claimId: 'CLI-TEST' }],
        previewEnvelope(now),
      );
    } else {
      const result = validateInstitutionalClaim(input, options);
      if (!result.ok) return fail(result.issues, 1);
      text = buildInstitutionalInterchange(
        [{ claim: result.claim, claimId: 'CLI-TEST' }],
        previewEnvelope(now),
      );
    }
    // One segment per line for people; the terminator stays `~`.
    process.stdout.write(`${text.replaceAll('~', '~\n')}`);
    return 0;
  } catch (error) {
    if (error instanceof X12Error) {
      const position = String(error.position).padStart(2, '0');
      return fail(
        [{ path: `${error.segmentId}${position}`, code: error.code, message: error.message }],
        1,
      );
    }
    throw error;
  }
}
