// Turns zod's issues into our catalogue: stable codes, our path format, and messages that name
// the rule but never the submitted value.

import type { z } from 'zod';
import { isRecord } from './json-input.ts';
import { referenceObjectOf, ruleOf, schemaChainAt, type FieldRule } from './schema-metadata.ts';
import {
  formatIssuePath,
  validationIssue,
  type ValidationCode,
  type ValidationIssue,
} from './validation-issue.ts';

export type SchemaCheck<T> =
  { data: T; issues: [] } | { data: undefined; issues: ValidationIssue[] };

/** Parses `input` with `schema`, reporting every failure of every branch at once. */
export function checkAgainstSchema<T>(schema: z.ZodType<T>, input: unknown): SchemaCheck<T> {
  if (!isRecord(input)) return { data: undefined, issues: [validationIssue('', 'NOT_AN_OBJECT')] };
  // reportInput lets us tell a missing field from a mistyped one; inputs never leave this module.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return { data: result.data, issues: [] };
  return {
    data: undefined,
    issues: result.error.issues.flatMap((issue) => toValidationIssues(schema, issue)),
  };
}

function toValidationIssues(root: z.ZodType, issue: z.core.$ZodIssue): ValidationIssue[] {
  const chain = schemaChainAt(root, issue.path) ?? [];
  if (issue.code === 'unrecognized_keys') {
    const unsupported = referenceObjectOf(chain)?.unsupportedFields ?? [];
    return issue.keys.map((key) =>
      validationIssue(
        formatIssuePath([...issue.path, key]),
        unsupported.includes(key) ? 'UNSUPPORTED_FIELD' : 'UNKNOWN_FIELD',
      ),
    );
  }
  const path = formatIssuePath(issue.path);
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return [validationIssue(path, 'REQUIRED')];
    return [validationIssue(path, 'INVALID_TYPE', `expected ${issue.expected}`)];
  }
  const rule = ruleOf(chain);
  switch (issue.code) {
    case 'too_big': {
      const code = rule?.whenTooBig ?? (issue.origin === 'array' ? 'TOO_MANY_ITEMS' : 'TOO_LONG');
      // The generic codes say "longer than allowed"; the limit itself is no PHI, so name it.
      const detail =
        code === 'TOO_LONG' || code === 'TOO_MANY_ITEMS'
          ? `at most ${String(issue.maximum)}`
          : undefined;
      return [validationIssue(path, code, detail)];
    }
    case 'too_small': {
      const code = rule?.whenTooSmall ?? rule?.code ?? 'REQUIRED';
      return [validationIssue(path, code)];
    }
    default:
      return [validationIssue(path, valueCode(rule, issue))];
  }
}

function valueCode(rule: FieldRule | undefined, issue: z.core.$ZodIssue): ValidationCode {
  if (
    rule?.unsupportedValues !== undefined &&
    typeof issue.input === 'string' &&
    rule.unsupportedValues.includes(issue.input)
  ) {
    return 'UNSUPPORTED_VALUE';
  }
  if (rule !== undefined) return rule.code;
  return issue.code === 'invalid_value' ? 'INVALID_CODE' : 'INVALID_FORMAT';
}

/** Keeps the first issue of each path and code: a field failing a pattern and a refinement reports once. */
export function withoutDuplicateIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
