import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import { applyCustomFieldValues, missingRequiredFields } from './custom-field-values.ts';

const definitions = [
  { key: 'order_id', label: 'Order', type: 'text' as const, options: [], required: true },
  { key: 'amount', label: 'Amount', type: 'number' as const, options: [], required: false },
  { key: 'refunded', label: 'Refunded', type: 'boolean' as const, options: [], required: false },
  { key: 'due', label: 'Due', type: 'date' as const, options: [], required: false },
  {
    key: 'reason',
    label: 'Reason',
    type: 'select' as const,
    options: ['damaged', 'late'],
    required: false,
  },
  {
    key: 'areas',
    label: 'Areas',
    type: 'multiselect' as const,
    options: ['app', 'web'],
    required: false,
  },
];

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.options.field;
    throw error;
  }
  return undefined;
}

describe('custom field values', () => {
  it('accepts values of the defined types and merges them', () => {
    const result = applyCustomFieldValues(
      definitions,
      { order_id: 'A1' },
      { amount: 12.5, refunded: false, due: '2026-12-01', reason: 'late', areas: ['web', 'web'] },
    );
    expect(result).toEqual({
      order_id: 'A1',
      amount: 12.5,
      refunded: false,
      due: '2026-12-01',
      reason: 'late',
      areas: ['web'],
    });
  });

  it('clears a value with null', () => {
    expect(applyCustomFieldValues(definitions, { amount: 3 }, { amount: null })).toEqual({});
  });

  it('refuses unknown keys and wrong types, naming the field', () => {
    expect(fieldOf(() => applyCustomFieldValues(definitions, {}, { colour: 'red' }))).toBe(
      'customFields.colour',
    );
    expect(fieldOf(() => applyCustomFieldValues(definitions, {}, { amount: '12' }))).toBe(
      'customFields.amount',
    );
    expect(fieldOf(() => applyCustomFieldValues(definitions, {}, { due: '2026-13-45' }))).toBe(
      'customFields.due',
    );
    expect(fieldOf(() => applyCustomFieldValues(definitions, {}, { reason: 'other' }))).toBe(
      'customFields.reason',
    );
    expect(
      fieldOf(() => applyCustomFieldValues(definitions, {}, { areas: ['app', { nested: true }] })),
    ).toBe('customFields.areas');
    expect(fieldOf(() => applyCustomFieldValues(definitions, {}, { refunded: 'yes' }))).toBe(
      'customFields.refunded',
    );
  });

  it('lists required fields that are empty', () => {
    expect(missingRequiredFields(definitions, {})).toEqual(['order_id']);
    expect(missingRequiredFields(definitions, { order_id: 'A1' })).toEqual([]);
  });
});
