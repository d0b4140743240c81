import { AppError } from '../../lib/errors.ts';

interface Definition {
  key: string;
  label: string;
  type: 'text' | 'number' | 'boolean' | 'date' | 'select' | 'multiselect';
  options: string[];
}

function invalid(key: string, message: string): AppError {
  return new AppError('validation_failed', `customFields.${key}: ${message}`, {
    field: `customFields.${key}`,
  });
}

function checkValue(definition: Definition, value: unknown): unknown {
  const { key, type, options } = definition;
  switch (type) {
    case 'text':
      if (typeof value !== 'string' || value.length > 10_000)
        throw invalid(key, 'Expected text of at most 10,000 characters');
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw invalid(key, 'Expected a number');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid(key, 'Expected true or false');
      return value;
    case 'date':
      if (
        typeof value !== 'string' ||
        !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
        Number.isNaN(Date.parse(value))
      ) {
        throw invalid(key, 'Expected a date as YYYY-MM-DD');
      }
      return value;
    case 'select':
      if (typeof value !== 'string' || !options.includes(value))
        throw invalid(key, `Expected one of: ${options.join(', ')}`);
      return value;
    case 'multiselect':
      if (
        !Array.isArray(value) ||
        value.some((v) => typeof v !== 'string' || !options.includes(v)) ||
        value.length > options.length
      ) {
        throw invalid(key, `Expected a list of: ${options.join(', ')}`);
      }
      return Array.from(new Set(value as string[]));
  }
}

/**
 * Validates custom-field values against the workspace's definitions and merges them into the
 * current values. A key with no definition is refused; null clears a value.
 */
export function applyCustomFieldValues(
  definitions: Definition[],
  current: Record<string, unknown>,
  changes: Record<string, unknown>,
): Record<string, unknown> {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    const definition = byKey.get(key);
    if (!definition) throw invalid(key, 'There is no custom field with this key');
    if (value === null) delete next[key];
    else next[key] = checkValue(definition, value);
  }
  return next;
}

/** The labels of required fields that have no value. */
export function missingRequiredFields(
  definitions: (Definition & { required: boolean })[],
  values: Record<string, unknown>,
): string[] {
  return definitions
    .filter((d) => d.required && (values[d.key] === undefined || values[d.key] === null))
    .map((d) => d.key);
}
