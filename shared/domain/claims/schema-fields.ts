// Walks a value alongside its schema and calls back for every field that carries a rule, so that
// edits such as "no date after today" apply to every date of a shape without listing them twice.

import * as z from 'zod';
import { isRecord } from './json-input.ts';
import { ruleOf, unwrapChain, type FieldRule } from './schema-metadata.ts';

export type RuledField = {
  rule: FieldRule;
  value: unknown;
  path: PropertyKey[];
  /** The object or array holding the value, for normalisation in place. */
  holder: Record<string, unknown> | unknown[];
  key: string | number;
};

export function forEachRuledField(
  schema: z.ZodType,
  value: unknown,
  visit: (field: RuledField) => void,
): void {
  walk(schema, value, [], visit);
}

function walk(
  schema: z.ZodType,
  value: unknown,
  path: PropertyKey[],
  visit: (field: RuledField) => void,
): void {
  const inner = unwrapChain(schema).at(-1);
  if (inner instanceof z.ZodObject && isRecord(value)) {
    const shape: Readonly<Record<string, z.core.$ZodType>> = (inner as z.ZodObject<z.ZodRawShape>)
      .shape;
    for (const [key, child] of Object.entries(shape)) {
      if (!Object.hasOwn(value, key)) continue;
      // Every schema zod builds for us is a classic ZodType; the core type is its interface.
      visitRuled(child as z.ZodType, value[key], [...path, key], value, key, visit);
      walk(child as z.ZodType, value[key], [...path, key], visit);
    }
  } else if (inner instanceof z.ZodArray && Array.isArray(value)) {
    const element = inner.element as z.ZodType;
    value.forEach((item: unknown, index) => {
      visitRuled(element, item, [...path, index], value, index, visit);
      walk(element, item, [...path, index], visit);
    });
  }
}

function visitRuled(
  schema: z.ZodType,
  value: unknown,
  path: PropertyKey[],
  holder: Record<string, unknown> | unknown[],
  key: string | number,
  visit: (field: RuledField) => void,
): void {
  const rule = ruleOf(unwrapChain(schema));
  if (rule !== undefined) visit({ rule, value, path, holder, key });
}
