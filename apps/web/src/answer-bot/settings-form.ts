import type { AnswerBotSettings } from '@kefu/contracts';

/** The answer bot form as typed: numbers stay text until saved, the API key is never loaded. */
export interface BotSettingsDraft {
  enabled: boolean;
  threshold: string;
  windowHours: string;
  useLlm: boolean;
  baseUrl: string;
  model: string;
  /** A new key; empty keeps the stored one. */
  apiKey: string;
  removeKey: boolean;
  timeoutMs: string;
}

/** The form for the saved settings. */
export function draftOf(settings: AnswerBotSettings): BotSettingsDraft {
  return {
    enabled: settings.enabled,
    threshold: String(settings.threshold),
    windowHours: String(settings.windowHours),
    useLlm: settings.llm !== null,
    baseUrl: settings.llm?.baseUrl ?? '',
    model: settings.llm?.model ?? '',
    apiKey: '',
    removeKey: false,
    timeoutMs: String(settings.llm?.timeoutMs ?? 15000),
  };
}

/** A number when the text is one; otherwise the text, so the server names the field at fault. */
const numberOf = (text: string): number | string => {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(value) ? value : text;
};

/**
 * The PATCH body: every field, `llm: null` to turn the model off, and the key only when a new
 * one was typed (or `null` to remove the stored one).
 *
 * @example settingsBody({ ...draft, useLlm: false }).llm // null
 */
export function settingsBody(draft: BotSettingsDraft) {
  const apiKey = draft.removeKey
    ? { apiKey: null }
    : draft.apiKey.trim()
      ? { apiKey: draft.apiKey.trim() }
      : {};
  return {
    enabled: draft.enabled,
    threshold: numberOf(draft.threshold),
    windowHours: numberOf(draft.windowHours),
    llm: draft.useLlm
      ? {
          baseUrl: draft.baseUrl.trim(),
          model: draft.model.trim(),
          timeoutMs: numberOf(draft.timeoutMs),
          ...apiKey,
        }
      : null,
  };
}
