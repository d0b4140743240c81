import { describe, expect, it } from 'vitest';
import { isAllowedPage } from './visitor-session.service.ts';

describe('isAllowedPage', () => {
  it('allows any page when no origins are set, and none without a page URL otherwise', () => {
    expect(isAllowedPage([], 'https://anything.example/x')).toBe(true);
    expect(isAllowedPage(['https://shop.example.com'], undefined)).toBe(false);
    expect(isAllowedPage(['https://shop.example.com'], 'not a url')).toBe(false);
  });

  it('matches exact origins, scheme and port included', () => {
    const allowed = ['https://shop.example.com', 'http://localhost:3000'];
    expect(isAllowedPage(allowed, 'https://SHOP.example.com/cart?x=1')).toBe(true);
    expect(isAllowedPage(allowed, 'http://shop.example.com/')).toBe(false);
    expect(isAllowedPage(allowed, 'http://localhost:3000/demo')).toBe(true);
    expect(isAllowedPage(allowed, 'http://localhost:3001/demo')).toBe(false);
  });

  it('lets *. stand for subdomains only, never for look-alike hosts', () => {
    const allowed = ['https://*.example.com'];
    expect(isAllowedPage(allowed, 'https://shop.example.com/')).toBe(true);
    expect(isAllowedPage(allowed, 'https://a.b.example.com/')).toBe(true);
    expect(isAllowedPage(allowed, 'https://example.com/')).toBe(false);
    expect(isAllowedPage(allowed, 'https://evilexample.com/')).toBe(false);
    expect(isAllowedPage(allowed, 'https://example.com.evil.net/')).toBe(false);
    expect(isAllowedPage(allowed, 'http://shop.example.com/')).toBe(false);
  });
});
