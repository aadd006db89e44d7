// Which reference fields each object of a claim schema supports and which it refuses: the one
// answer to "what can arrive" for the 837 generators and the API documentation.

import * as z from 'zod';
import { referenceObjects, unwrapChain } from './schema-metadata.ts';
import { formatIssuePath } from './validation-issue.ts';

export type ReferenceObjectCoverage = {
  /** Where the object sits, `[]` marking list items: `claimInformation.serviceLines[]`. */
  path: string;
  /** Schema name in the reference OpenAPI document. */
  reference: string;
  supported: string[];
  unsupported: string[];
};

export function describeReferenceCoverage(root: z.ZodType): ReferenceObjectCoverage[] {
  const found: ReferenceObjectCoverage[] = [];
  const visit = (schema: z.ZodType, path: PropertyKey[]): void => {
    const inner = unwrapChain(schema).at(-1);
    if (inner instanceof z.ZodObject) {
      const shape = (inner as z.ZodObject<z.ZodRawShape>).shape as Record<string, z.ZodType>;
      const info = referenceObjects.get(inner);
      if (info !== undefined) {
        found.push({
          path: formatIssuePath(path).replaceAll('[-1]', '[]'),
          reference: info.reference,
          supported: Object.keys(shape),
          unsupported: [...info.unsupportedFields],
        });
      }
      for (const [key, child] of Object.entries(shape)) visit(child, [...path, key]);
    } else if (inner instanceof z.ZodArray) {
      visit(inner.element as z.ZodType, [...path, -1]);
    }
  };
  visit(root, []);
  return found;
}
