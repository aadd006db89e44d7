import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { institutionalClaimSchema } from '#shared/domain/claims/institutional-claim';
import { professionalClaimSchema } from '#shared/domain/claims/professional-claim';
import { describeReferenceCoverage } from '#shared/domain/claims/reference-coverage';

// The Optum OpenAPI documents live next to the repository, not in it; skip when absent.
const referenceFolder = fileURLToPath(new URL('../../../../../shared/reference/', import.meta.url));

type ReferenceDocument = {
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
};

function referenceKeys(document: ReferenceDocument, name: string): string[] {
  return Object.keys(document.components.schemas[name]?.properties ?? {}).sort();
}

describe.each([
  ['optum-professional-claims-v3.openapi.json', professionalClaimSchema],
  ['optum-institutional-claims-v1.openapi.json', institutionalClaimSchema],
] as const)('the schema against %s', (file, schema) => {
  const path = `${referenceFolder}${file}`;
  const present = existsSync(path);

  it('names list items with []: claimInformation.serviceLines[]', () => {
    const paths = describeReferenceCoverage(schema).map((object) => object.path);

    expect(paths).toContain('claimInformation.serviceLines[]');
    expect(paths).toContain('');
  });

  it.skipIf(!present)(
    'uses only reference names and accounts for every reference field of each object',
    () => {
      const document = JSON.parse(readFileSync(path, 'utf8')) as ReferenceDocument;

      for (const object of describeReferenceCoverage(schema)) {
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
