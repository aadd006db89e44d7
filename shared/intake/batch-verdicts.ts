// How the claims of an uploaded 837 are judged, and what the 999 says of them (pure).
// Every claim goes through the same edits as a JSON submission (validateClaim); a claim with data
// our claim shape cannot carry (parse-837's `unsupported`) is refused too, never sent without it.
// Errors name where and why, never a value (it may be PHI):
// - edits: the claim JSON path, as the JSON API answers them;
// - X12 locations: `segments[<ordinal in the file>].<segment id>[<element, 2 digits>]`.
// In the 999, a claim's edits are one IK3 at its CLM (code 8, with CTX CLM01), and each segment
// or element we do not support is an IK3 of its own (code 2, or 8 with IK4 I10). A set is
// accepted only whole (shared/x12/acknowledge-837.ts): its good claims then carry
// TRANSACTION_SET_REJECTED.
import type { ClaimKind } from '#shared/domain/claims/claim-record';
import type { BatchClaimError } from '#shared/storage/dynamodb/batch-repository';
import type { SetJudgement } from '#shared/x12/acknowledge-837';
import { positionInSet } from '#shared/x12/acknowledge-837';
import type { SegmentProblem } from '#shared/x12/generate-999';
import type { SetLayout } from '#shared/x12/inbound-layout';
import type { Claims837, Parsed837Claim, UnsupportedSegment } from '#shared/x12/parse-837';
import type { X12Error } from '#shared/x12/errors';
import { validateClaim, type ValidatedClaim } from './claim-intake.ts';

export interface JudgedClaim {
  readonly kind: ClaimKind;
  /** CLM01 as the file has it ('' when absent) */
  readonly patientControlNumber: string;
  /** the CLM's position in its set (ST = 1), null when unknown */
  readonly segmentPosition: number | null;
  /** the claim to store, when it passed every edit */
  readonly claim: ValidatedClaim | null;
  readonly errors: readonly BatchClaimError[];
}

/** Where a segment (or one of its elements) is in the file, as an error path. */
export function x12Path(ordinal: number, segmentId: string, element?: number): string {
  const name =
    element === undefined || element === 0
      ? segmentId
      : `${segmentId}${String(element).padStart(2, '0')}`;
  return `segments[${ordinal}].${name}`;
}

function unsupportedError(entry: UnsupportedSegment): BatchClaimError {
  const loop = entry.loop === 'header' ? 'the header' : `loop ${entry.loop}`;
  return entry.element === undefined
    ? {
        path: x12Path(entry.ordinal, entry.segmentId),
        code: 'UNSUPPORTED_SEGMENT',
        message: `this segment (${loop}) is not supported yet; the claim was refused, not sent without it`,
      }
    : {
        path: x12Path(entry.ordinal, entry.segmentId, entry.element),
        code: 'UNSUPPORTED_ELEMENT',
        message: `this element (${loop}) is not supported yet; the claim was refused, not sent without it`,
      };
}

function unsupportedProblem(entry: UnsupportedSegment, set: SetLayout | undefined): SegmentProblem {
  return {
    segmentId: entry.segmentId,
    position: positionInSet(entry.ordinal, set),
    ...(/^\d{4}[A-Z]?$/.test(entry.loop) ? { loopId: entry.loop } : {}),
    ...(entry.element === undefined
      ? { code: '2' } // unexpected segment
      : {
          code: '8', // segment has data element errors
          elementErrors: [{ position: entry.element, code: 'I10' }], // "not used" element present
        }),
  };
}

/** CTX business unit values we can echo with the 999's delimiters (CTX01-2 is 1 to 35). */
const ECHOABLE = /^[A-Za-z0-9 .\-/]{1,35}$/;

/** Errors kept per claim: enough for any real claim, and a page of claims stays small. */
export const MAX_ERRORS_PER_CLAIM = 100;

function judgeClaim(
  parsed: Parsed837Claim,
  kind: ClaimKind,
  segmentPosition: number | null,
  now: Date,
): { judged: JudgedClaim; failedEdits: boolean } {
  const info = parsed.claim.claimInformation;
  const pcn =
    typeof info === 'object' &&
    !Array.isArray(info) &&
    typeof info.patientControlNumber === 'string'
      ? info.patientControlNumber
      : '';
  const validation = validateClaim(kind, parsed.claim, now);
  const errors: BatchClaimError[] = [
    ...(validation.ok ? [] : validation.issues),
    ...parsed.unsupported.map(unsupportedError),
  ];
  const kept =
    errors.length <= MAX_ERRORS_PER_CLAIM
      ? errors
      : [
          ...errors.slice(0, MAX_ERRORS_PER_CLAIM - 1),
          {
            path: '',
            code: 'TOO_MANY_ERRORS',
            message: `${errors.length - MAX_ERRORS_PER_CLAIM + 1} more errors are not listed`,
          },
        ];
  return {
    judged: {
      kind,
      patientControlNumber: pcn,
      segmentPosition,
      claim: validation.ok && errors.length === 0 ? validation.claim : null,
      errors: kept,
    },
    failedEdits: !validation.ok,
  };
}

/** Judges the claims of one readable 837 set and answers its IK3 problems. */
export function judgeSet(
  set: Claims837,
  layout: SetLayout | undefined,
  now: Date,
): SetJudgement<JudgedClaim[]> {
  // the layout lists the same CLMs in the same order; positions only when the two agree
  const positions = layout?.claims.length === set.claims.length ? layout.claims : undefined;
  const outcomes = set.claims.map((parsed, index) =>
    judgeClaim(parsed, set.variant, positions?.[index]?.claimPosition ?? null, now),
  );
  const problems: SegmentProblem[] = [];
  // a segment above the claims (billing provider, subscriber) is listed once per set, not per claim
  const seen = new Set<string>();
  set.claims.forEach((parsed, index) => {
    const outcome = outcomes[index];
    if (outcome === undefined) return;
    const judged = outcome.judged;
    for (const entry of parsed.unsupported) {
      const key = `${entry.ordinal}:${entry.element ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(unsupportedProblem(entry, layout));
    }
    if (outcome.failedEdits) {
      problems.push({
        segmentId: 'CLM',
        position: judged.segmentPosition ?? 1,
        loopId: '2300',
        code: '8', // segment has data element errors: the claim failed our edits
        ...(ECHOABLE.test(judged.patientControlNumber)
          ? { businessUnit: { name: 'CLM01', reference: judged.patientControlNumber } }
          : {}),
      });
    }
  });
  return { problems, result: outcomes.map((outcome) => outcome.judged) };
}

/** The error of a good claim in a set the 999 rejects. */
export function setRejectedError(controlNumber: string): BatchClaimError {
  return {
    path: '',
    code: 'TRANSACTION_SET_REJECTED',
    message: `the 999 rejects transaction set ${controlNumber} as a whole (another claim or the set's envelope has errors); correct and resubmit the set`,
  };
}

/** The error of every claim of a set that could not be read. */
export function unreadableSetError(
  controlNumber: string,
  error: Pick<X12Error, 'code' | 'segment' | 'segmentId' | 'position' | 'message'>,
): BatchClaimError {
  return {
    path: x12Path(error.segment, error.segmentId, error.position),
    code: 'UNREADABLE_TRANSACTION_SET',
    message: `transaction set ${controlNumber} could not be read (${error.code}): ${error.message}`,
  };
}

/** The error of every claim of a set that is not an 837, or whose set the envelope rejected. */
export function setNotAcceptedError(
  controlNumber: string,
  transactionSetId: string,
): BatchClaimError {
  return transactionSetId === '837'
    ? setRejectedError(controlNumber)
    : {
        path: '',
        code: 'NOT_AN_837',
        message: `transaction set ${controlNumber} is a ${transactionSetId}, not an 837`,
      };
}
