// What our validator knows about a schema beyond zod: which catalogue code a failing field reports,
// and, for each object of the reference shapes, which of its reference fields we refuse as
// unsupported. Kept in private registries (not `.meta()`) so z.toJSONSchema output stays clean.

import * as z from 'zod';
import type { ValidationCode } from './validation-issue.ts';

export type FieldRule = {
  /** Reported for any value/format/custom failure of this field. */
  code: ValidationCode;
  /** Reported instead when a string is too long or a list has too many items. */
  whenTooBig?: ValidationCode;
  /** Reported instead when a string is empty or a list has too few items. */
  whenTooSmall?: ValidationCode;
  /** Values the reference shape allows but we do not support yet: reported as UNSUPPORTED_VALUE. */
  unsupportedValues?: readonly string[];
  /** Normalisation applied to a valid value after validation (the schema itself has no transforms). */
  normalize?: 'upperCase';
  /** Dates only: whether a date after today is allowed (a planned return to work is). */
  futureAllowed?: boolean;
  /** Dates only: marks the schema as a CCYYMMDD date for the future-date edit. */
  isDate?: boolean;
};

export type ReferenceObject = {
  /** Schema name in the reference OpenAPI document, e.g. `ClaimInformation`. */
  reference: string;
  /** Reference fields we know but refuse with UNSUPPORTED_FIELD. */
  unsupportedFields: readonly string[];
};

export const fieldRules = z.registry<FieldRule>();
export const referenceObjects = z.registry<ReferenceObject>();

/** Attaches a catalogue code to a field schema and returns the same schema. */
export function withRule<T extends z.ZodType>(schema: T, rule: FieldRule): T {
  fieldRules.add(schema, rule);
  return schema;
}

/**
 * A strict object of a reference shape: unknown keys fail, and keys listed as unsupported fail with
 * their own code. `supported` must only use names that exist in the reference schema.
 */
export function referenceObject<Shape extends z.ZodRawShape>(
  reference: string,
  supported: Shape,
  unsupportedFields: readonly string[],
): z.ZodObject<Shape, z.core.$strict> {
  const schema = z.strictObject(supported);
  referenceObjects.add(schema, { reference, unsupportedFields });
  return schema;
}

/** The schema and its wrappers (optional, nullable, default) at a path, outermost first. */
export function schemaChainAt(
  root: z.ZodType,
  path: readonly PropertyKey[],
): z.ZodType[] | undefined {
  let chain = unwrapChain(root);
  for (const segment of path) {
    const current = chain[chain.length - 1];
    if (current === undefined) return undefined;
    let next: z.ZodType | undefined;
    if (current instanceof z.ZodObject && typeof segment === 'string') {
      next = (current.shape as Record<string, z.ZodType | undefined>)[segment];
    } else if (current instanceof z.ZodArray && typeof segment === 'number') {
      next = current.element as z.ZodType;
    }
    if (next === undefined) return undefined;
    chain = unwrapChain(next);
  }
  return chain;
}

export function unwrapChain(schema: z.ZodType): z.ZodType[] {
  const chain: z.ZodType[] = [schema];
  let current: z.ZodType = schema;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodNullable ||
    current instanceof z.ZodDefault
  ) {
    current = current.unwrap() as z.ZodType;
    chain.push(current);
  }
  return chain;
}

/** The rule of the innermost registered schema of a chain. */
export function ruleOf(chain: readonly z.ZodType[]): FieldRule | undefined {
  for (let index = chain.length - 1; index >= 0; index -= 1) {
    const schema = chain[index];
    const rule = schema === undefined ? undefined : fieldRules.get(schema);
    if (rule !== undefined) return rule;
  }
  return undefined;
}

export function referenceObjectOf(chain: readonly z.ZodType[]): ReferenceObject | undefined {
  for (let index = chain.length - 1; index >= 0; index -= 1) {
    const schema = chain[index];
    const info = schema === undefined ? undefined : referenceObjects.get(schema);
    if (info !== undefined) return info;
  }
  return undefined;
}
