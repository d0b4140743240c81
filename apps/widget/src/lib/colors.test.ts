import { describe, expect, it } from 'vitest';
import { brandColors, contrastRatio } from './colors.ts';

describe('brandColors', () => {
  it('picks white or dark text, whichever reaches 4.5:1 on the brand colour', () => {
    expect(brandColors('#1d4ed8')).toEqual({ brand: '#1d4ed8', onBrand: '#ffffff' });
    expect(brandColors('#ffd400')).toEqual({ brand: '#ffd400', onBrand: '#111827' });
    for (const color of ['#2563eb', '#10b981', '#ef4444', '#7c3aed', '#f59e0b', '#777777']) {
      const { brand, onBrand } = brandColors(color);
      expect(contrastRatio(brand, onBrand), color).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('falls back to the default blue for a malformed colour', () => {
    expect(brandColors('red; background:url(x)').brand).toBe('#1d4ed8');
    expect(brandColors(undefined).brand).toBe('#1d4ed8');
  });
});
