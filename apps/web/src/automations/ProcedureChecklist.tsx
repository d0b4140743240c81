import { useCallback, useEffect, useState } from 'react';
import { useRealtimeEvent } from '../app/realtime-hooks.ts';
import { useWorkspace } from '../app/workspace-context.tsx';
import { errorMessage } from '../i18n/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import type { Conversation } from '../lib/types.ts';
import { useToast } from '../ui/Toaster.tsx';
import type { ConversationProcedure } from './types.ts';
import './automations.css';

/**
 * The standard procedures this conversation follows (by its tags): steps ticked and unticked
 * by any agent, with who and when, kept live for everyone viewing it.
 */
export function ProcedureChecklist({ conversation }: { conversation: Conversation }) {
  const { t, format } = useI18n();
  const toast = useToast();
  const { agentName } = useWorkspace();
  const [lists, setLists] = useState<ConversationProcedure[]>([]);
  const id = conversation.id;
  const tags = conversation.tags.join('\n');

  const load = useCallback(() => {
    api.get<{ items: ConversationProcedure[] }>(`/conversations/${id}/procedures`).then(
      (page) => setLists(page.items),
      () => undefined,
    );
  }, [id]);
  // Tags decide which procedures apply: load again when they change.
  useEffect(load, [load, tags]);
  useRealtimeEvent((event) => {
    if (event.conversationId === id && event.type === 'procedure.changed') load();
  });

  if (lists.length === 0) return null;
  const tick = async (procedureId: string, stepId: string, done: boolean) => {
    // Shown at once; the server's answer (with who and when) replaces it, a failure reloads.
    setLists((current) =>
      current.map((list) =>
        list.procedureId !== procedureId
          ? list
          : {
              ...list,
              steps: list.steps.map((step) => (step.id === stepId ? { ...step, done } : step)),
            },
      ),
    );
    try {
      const page = await api.put<{ items: ConversationProcedure[] }>(
        `/conversations/${id}/procedures/${procedureId}/steps/${stepId}`,
        { done },
      );
      setLists(page.items);
    } catch (failure) {
      toast.error(errorMessage(failure, t));
      load();
    }
  };
  return (
    <section className="panel-section procedure-checklist" aria-labelledby={`procedures-${id}`}>
      <h2 id={`procedures-${id}`} className="panel-title">
        {t('procedures.checklist')}
      </h2>
      {lists.map((list) => {
        const done = list.steps.filter((s) => s.done).length;
        return (
          <div key={list.procedureId}>
            <h3>
              <span data-user-content>{list.name}</span>{' '}
              <span className="muted small">
                {t('procedures.progress', { done, total: list.steps.length })}
              </span>
            </h3>
            <ol>
              {list.steps.map((step) => (
                <li key={step.id}>
                  <label>
                    <input
                      type="checkbox"
                      checked={step.done}
                      onChange={(e) => void tick(list.procedureId, step.id, e.target.checked)}
                    />{' '}
                    <span data-user-content>{step.title}</span>
                  </label>
                  {step.done && step.doneAt ? (
                    <span className="muted small procedure-who">
                      {t('procedures.doneBy', {
                        name: agentName(step.doneBy) ?? t('author.agent'),
                        time: format.dateTime(step.doneAt),
                      })}
                    </span>
                  ) : null}
                </li>
              ))}
            </ol>
          </div>
        );
      })}
    </section>
  );
}
