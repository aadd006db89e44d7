import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { institutionalClaimSchema } from '#shared/domain/claims/institutional-claim';
import { professionalClaimSchema } from '#shared/domain/claims/professional-claim';
import { referenceObjects, unwrapChain } from '#shared/domain/claims/schema-metadata';

// The Optum OpenAPI documents live next to the repository, not in it; skip when absent.
const referenceFolder = fileURLToPath(new URL('../../../../../shared/reference/', import.meta.url));

type ReferenceDocument = {
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
};

function referenceKeys(document: ReferenceDocument, name: string): string[] {
  return Object.keys(document.components.schemas[name]?.properties ?? {}).sort();
}

/** Every reference object of our schema, with the keys we support and the ones we refuse. */
function ourObjects(
  root: z.ZodType,
): { reference: string; supported: string[]; unsupported: string[] }[] {
  const found: { reference: string; supported: string[]; unsupported: string[] }[] = [];
  const visit = (schema: z.ZodType): void => {
    const inner = unwrapChain(schema).at(-1);
    if (inner instanceof z.ZodObject) {
      const info = referenceObjects.get(inner);
      const shape = inner.shape as Record<string, z.ZodType>;
      if (info !== undefined) {
        found.push({
          reference: info.reference,
          supported: Object.keys(shape),
          unsupported: [...info.unsupportedFields],
        });
      }
      Object.values(shape).forEach(visit);
    } else if (inner instanceof z.ZodArray) {
      visit(inner.element as z.ZodType);
    }
  };
  visit(root);
  return found;
}

describe.each([
  ['optum-professional-claims-v3.openapi.json', professionalClaimSchema],
  ['optum-institutional-claims-v1.openapi.json', institutionalClaimSchema],
] as const)('the schema against %s', (file, schema) => {
  const path = `${referenceFolder}${file}`;
  const present = existsSync(path);

  it.skipIf(!present)(
    'uses only reference names and accounts for every reference field of each object',
    () => {
      const document = JSON.parse(readFileSync(path, 'utf8')) as ReferenceDocument;

      for (const object of ourObjects(schema)) {
        const accounted = [...object.supported, ...object.unsupported].sort();
        expect({ object: object.reference, keys: accounted }).toEqual({
          object: object.reference,
          keys: referenceKeys(document, object.reference),
        });
        expect(object.supported.filter((key) => object.unsupported.includes(key))).toEqual([]);
      }
    },
  );
});
