/** Relative luminance of a #rrggbb colour (WCAG 2.x). */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio between two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const fallbackBrand = '#1d4ed8';

/**
 * The workspace's brand colour and the text colour to put on it. A colour that reaches 4.5:1
 * with neither white nor near-black text (rare mid-tones) is replaced by our default blue.
 *
 * @example brandColors('#ffd400') // { brand: '#ffd400', onBrand: '#111827' }
 */
export function brandColors(color: string | undefined): { brand: string; onBrand: string } {
  const brand = color && /^#[0-9a-fA-F]{6}$/.test(color) ? color : fallbackBrand;
  const white = contrastRatio(brand, '#ffffff');
  const dark = contrastRatio(brand, '#111827');
  if (Math.max(white, dark) < 4.5) return { brand: fallbackBrand, onBrand: '#ffffff' };
  return { brand, onBrand: white >= dark ? '#ffffff' : '#111827' };
}
