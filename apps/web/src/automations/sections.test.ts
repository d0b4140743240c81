import { describe, expect, it } from 'vitest';
import { sectionOf, sectionsFor } from '../admin/sections.ts';

describe('admin sections by role', () => {
  it('lets supervisors set up hours, SLA, automations and surveys, and nothing else', () => {
    const ids = sectionsFor('supervisor').map((s) => s.id);
    expect(ids).toEqual([
      'hours',
      'sla',
      'triggers',
      'time-rules',
      'macros',
      'procedures',
      'surveys',
    ]);
    expect(sectionOf('', sectionsFor('supervisor'))).toBe('hours');
    expect(sectionOf('tags', sectionsFor('supervisor'))).toBeNull();
    expect(sectionOf('triggers', sectionsFor('supervisor'))).toBe('triggers');
  });

  it('gives admins every section and agents none', () => {
    expect(sectionsFor('admin').map((s) => s.id)).toContain('tags');
    expect(sectionOf('', sectionsFor('owner'))).toBe('workspace');
    expect(sectionsFor('agent')).toEqual([]);
  });
});
