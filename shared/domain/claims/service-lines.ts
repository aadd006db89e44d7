// What the service lines of both shapes share: the line number, the procedure's modifiers and
// description with the line's charge (SV1/SV2), and the 2410 drug identification.

import * as z from 'zod';
import { amountSchema } from './claim-amounts.ts';
import { drugMeasurementUnitCodeSchema } from './claim-codes.ts';
import { modifiersSchema, ndcSchema, unitCountSchema } from './code-shapes.ts';
import { referenceObject, withRule } from './schema-metadata.ts';
import { text } from './text-fields.ts';

/** LX01 as the reference's `assignedNumber`: 1 to 6 digits, no leading zero. */
export const lineNumberSchema = withRule(z.string().regex(/^[1-9]\d{0,5}$/), {
  code: 'INVALID_LINE_NUMBER',
});

/** SV101-3..7 / SV202-3..7 (modifiers, description) and SV102 / SV203 (the line's charge). */
export function procedureDetailAndChargeFields() {
  return {
    procedureModifiers: modifiersSchema.optional(),
    description: text(80).optional(),
    lineItemChargeAmount: amountSchema,
  };
}

/** Loop 2410: NDC in 5-4-2 form, its quantity and unit; `qualifier` holds LIN02 where a shape has it. */
export function drugIdentificationSchema<Qualifier extends z.ZodRawShape>(qualifier: Qualifier) {
  return referenceObject(
    'DrugIdentification',
    {
      ...qualifier,
      nationalDrugCode: ndcSchema,
      nationalDrugUnitCount: unitCountSchema,
      measurementUnitCode: drugMeasurementUnitCodeSchema,
    },
    ['linkSequenceNumber', 'pharmacyPrescriptionNumber'],
  );
}
