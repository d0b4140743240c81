import { describe, expect, it } from 'vitest';
import { draftOf, settingsBody } from './settings-form.ts';

const saved = {
  enabled: true,
  threshold: 0.5,
  windowHours: 24,
  llm: { baseUrl: 'https://llm.example/v1', model: 'small', hasApiKey: true, timeoutMs: 15000 },
};

describe('the answer bot settings form', () => {
  it('never sends the stored key back, and keeps it unless a new one is typed', () => {
    const draft = draftOf(saved);
    expect(draft.apiKey).toBe('');
    expect(settingsBody(draft)).toEqual({
      enabled: true,
      threshold: 0.5,
      windowHours: 24,
      llm: { baseUrl: 'https://llm.example/v1', model: 'small', timeoutMs: 15000 },
    });
    expect(settingsBody({ ...draft, apiKey: ' sk-new ' }).llm).toMatchObject({ apiKey: 'sk-new' });
    expect(settingsBody({ ...draft, apiKey: 'sk-new', removeKey: true }).llm).toMatchObject({
      apiKey: null,
    });
  });

  it('turns the model off with null and leaves bad numbers for the server to name', () => {
    const draft = { ...draftOf({ ...saved, llm: null }), threshold: '0,7', windowHours: '' };
    const body = settingsBody(draft);
    expect(body.llm).toBeNull();
    expect(body.threshold).toBe('0,7');
    expect(body.windowHours).toBe('');
    expect(settingsBody({ ...draft, threshold: ' 0.75 ' }).threshold).toBe(0.75);
  });
});
