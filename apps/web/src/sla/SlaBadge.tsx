import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import type { ConversationSlaBadge } from './types.ts';
import './sla.css';

/** The current time, ticking every `everyMs` while mounted (badges count down live). */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** `1d 3h`, `2h 5m`, `12m`, `40s`, in the interface's language. */
export function useDuration() {
  const { t } = useI18n();
  return (ms: number) => {
    const seconds = Math.max(0, Math.floor(ms / 1000));
    const d = Math.floor(seconds / 86_400);
    const h = Math.floor((seconds % 86_400) / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    if (d > 0) return t('sla.duration.dh', { d, h });
    if (h > 0) return t('sla.duration.hm', { h, m });
    if (m > 0) return t('sla.duration.m', { m });
    return t('sla.duration.s', { s: seconds % 60 });
  };
}

/**
 * Time left on the conversation's SLA clock due soonest, counting down live; red once
 * breached, grey while paused. Nothing when no policy applies or every clock is done.
 */
export function SlaBadge({
  sla,
  compact,
}: {
  sla: ConversationSlaBadge | null | undefined;
  compact?: boolean;
}) {
  const { t } = useI18n();
  const now = useNow(compact ? 15_000 : 1000);
  const duration = useDuration();
  if (!sla?.metric) return null;
  const metric = t(`sla.metric.${sla.metric}` as MessageKey);
  const due = sla.dueAt ? Date.parse(sla.dueAt) : null;
  const breached = sla.breached || (due !== null && due <= now);
  let text: string;
  let state: 'breached' | 'paused' | 'soon' | 'ok';
  if (breached) {
    state = 'breached';
    text =
      due !== null
        ? t('sla.badge.overdue', { time: duration(now - due) })
        : t('sla.badge.breached');
  } else if (sla.paused || due === null) {
    state = 'paused';
    text = t('sla.badge.paused', { time: duration(sla.remainingMs ?? 0) });
  } else {
    state = due - now < 15 * 60_000 ? 'soon' : 'ok';
    text = t('sla.badge.left', { time: duration(due - now) });
  }
  return (
    <span
      className={`sla-badge sla-${state}`}
      title={`${sla.policyName} · ${metric}`}
      aria-label={`${t('sla.badge.label')}: ${metric}, ${text}`}
      data-sla-state={state}
    >
      <span aria-hidden="true">◷</span>
      {compact ? text : `${metric} · ${text}`}
    </span>
  );
}
