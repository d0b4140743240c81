import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { AppError } from './errors.ts';

describe('cursor', () => {
  it('round-trips', () => {
    const cursor = {
      value: '2026-11-23T10:00:00.000Z',
      id: '01a2088b-a591-79c7-ac3f-0bec5740c018',
    };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor(undefined)).toBeNull();
  });

  it('refuses cursors it did not issue', () => {
    for (const bad of [
      '%%%',
      'eyJhIjoxfQ',
      Buffer.from('["x","../../etc"]').toString('base64url'),
      Buffer.from('["not a date","01a2088b-a591-79c7-ac3f-0bec5740c018"]').toString('base64url'),
      '',
    ]) {
      expect(() => decodeCursor(bad)).toThrow(AppError);
    }
  });
});
