import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useWorkspace } from '../app/workspace-context.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { DrillDown } from './DrillDown.tsx';
import { type AnalyticsLive, type DrillRequest, defaultFilters } from './report-query.ts';

type Group = AnalyticsLive['agents'][number];

/**
 * The agents behind a status count on the live view, with the unsolved conversations each has
 * in hand; that number opens those conversations (the backlog drill-down for the agent).
 */
export function LiveAgents({ group, onClose }: { group: Group; onClose: () => void }) {
  const { t, format } = useI18n();
  const zone = useWorkspace().session.workspace.timezone;
  const [drill, setDrill] = useState<DrillRequest | null>(null);
  const status = t(`reports.live.agent.${group.status}` as never);
  if (drill) return <DrillDown request={drill} onClose={() => setDrill(null)} />;
  return (
    <Dialog title={t('reports.live.agentsIn', { status })} onClose={onClose}>
      <div className="admin-table-wrap">
        <table className="admin-table" data-testid="live-agents-table">
          <thead>
            <tr>
              <th scope="col">{t('reports.live.agent')}</th>
              {group.status === 'away' ? <th scope="col">{t('reports.live.awayReason')}</th> : null}
              <th scope="col" className="number">
                {t('reports.live.unsolved')}
              </th>
            </tr>
          </thead>
          <tbody>
            {group.members.map((m) => (
              <tr key={m.userId}>
                <td data-user-content>{m.name}</td>
                {group.status === 'away' ? <td data-user-content>{m.awayReason ?? '—'}</td> : null}
                <td className="number">
                  {m.unsolved > 0 ? (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() =>
                        setDrill({
                          metric: 'backlog',
                          title: t('reports.live.unsolvedOf', { name: m.name }),
                          filters: { ...defaultFilters(zone), agentId: m.userId },
                        })
                      }
                    >
                      {format.number(m.unsolved)}
                    </button>
                  ) : (
                    format.number(0)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Dialog>
  );
}
