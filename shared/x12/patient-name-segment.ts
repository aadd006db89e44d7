// NM1*QC: the patient's name segment, as the 277CA (loop 2100D) and the 835 (loop 2100) write it.
import type { SegmentWriter } from './writer.ts';

/** NM1*QC*1 with last and first name (NM105-NM107 unused) and NM108/NM109 as given. */
export function writePatientName(
  writer: SegmentWriter,
  patient: {
    readonly lastName: string;
    readonly firstName?: string | null;
    readonly idQualifier: string | null;
    readonly id?: string | null;
  },
): void {
  writer.segment(
    'NM1',
    'QC',
    '1',
    patient.lastName,
    patient.firstName,
    null,
    null,
    null,
    patient.idQualifier,
    patient.id,
  );
}
