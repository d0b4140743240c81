import { type ReactNode, useId, useState } from 'react';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { allStatuses } from '../inbox/views.ts';
import type { Conversation } from '../lib/types.ts';
import { ChannelIcon } from '../ui/ChannelIcon.tsx';
import { Icon } from '../ui/Icon.tsx';
import { CustomFieldInput } from './CustomFieldInput.tsx';

/** The fields of a conversation that can change; the server answers with the new conversation. */
export type ConversationPatch = Partial<
  Pick<Conversation, 'status' | 'priority' | 'assigneeId' | 'teamId' | 'tags' | 'customFields'>
>;

interface Props {
  conversation: Conversation;
  onUpdate: (patch: ConversationPatch) => Promise<void>;
}

const priorities = ['urgent', 'high', 'normal', 'low'] as const;

/** Status, priority, assignee, team, tags and custom fields, each changed in place. */
export function PropertiesPanel({ conversation, onUpdate }: Props) {
  const { t, format } = useI18n();
  const { directory, session } = useWorkspace();
  const agents = directory.agents.filter(
    (agent) => agent.status === 'active' || agent.id === conversation.assigneeId,
  );
  const fields = directory.fields
    .filter((field) => field.entity === 'conversation')
    .sort((a, b) => a.position - b.position);

  return (
    <section className="panel-section" aria-labelledby="props-title">
      <h2 id="props-title" className="panel-title">
        {t('conversation.details')}
      </h2>
      <dl className="props">
        <Row label={t('props.status')}>
          {(id) => (
            <select
              id={id}
              value={conversation.status}
              onChange={(event) =>
                void onUpdate({ status: event.target.value as Conversation['status'] })
              }
            >
              {allStatuses.map((status) => (
                <option key={status} value={status}>
                  {t(`status.${status}`)}
                </option>
              ))}
            </select>
          )}
        </Row>
        <Row label={t('props.priority')}>
          {(id) => (
            <select
              id={id}
              value={conversation.priority}
              onChange={(event) =>
                void onUpdate({ priority: event.target.value as Conversation['priority'] })
              }
            >
              {priorities.map((priority) => (
                <option key={priority} value={priority}>
                  {t(`priority.${priority}`)}
                </option>
              ))}
            </select>
          )}
        </Row>
        <Row label={t('props.assignee')}>
          {(id) => (
            <div className="prop-with-action">
              <select
                id={id}
                value={conversation.assigneeId ?? ''}
                onChange={(event) => void onUpdate({ assigneeId: event.target.value || null })}
              >
                <option value="">{t('props.unassigned')}</option>
                {agents.map((agent) => (
                  <option key={agent.id} value={agent.id}>
                    {agent.name}
                  </option>
                ))}
              </select>
              {conversation.assigneeId !== session.user.id ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => void onUpdate({ assigneeId: session.user.id })}
                >
                  {t('props.assignMe')}
                </button>
              ) : null}
            </div>
          )}
        </Row>
        <Row label={t('props.team')}>
          {(id) => (
            <select
              id={id}
              value={conversation.teamId ?? ''}
              onChange={(event) => void onUpdate({ teamId: event.target.value || null })}
            >
              <option value="">{t('props.noTeam')}</option>
              {directory.teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          )}
        </Row>
        <Row label={t('props.tags')}>
          {(id) => (
            <TagEditor id={id} tags={conversation.tags} onChange={(tags) => onUpdate({ tags })} />
          )}
        </Row>
        <div className="prop-row static">
          <dt>{t('props.channel')}</dt>
          <dd>
            <ChannelIcon channel={conversation.channel} />
          </dd>
        </div>
        <div className="prop-row static">
          <dt>{t('props.created')}</dt>
          <dd>
            <time dateTime={conversation.createdAt}>{format.dateTime(conversation.createdAt)}</time>
          </dd>
        </div>
      </dl>
      {fields.length > 0 ? (
        <>
          <h3 className="panel-subtitle">{t('props.customFields')}</h3>
          <dl className="props">
            {fields.map((field) => (
              <Row key={field.id} label={field.label}>
                {(id) => (
                  <CustomFieldInput
                    id={id}
                    field={field}
                    value={conversation.customFields[field.key]}
                    onSave={(value) => onUpdate({ customFields: { [field.key]: value } })}
                  />
                )}
              </Row>
            ))}
          </dl>
        </>
      ) : null}
    </section>
  );
}

function Row({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="prop-row">
      <dt>
        <label htmlFor={id}>{label}</label>
      </dt>
      <dd>{children(id)}</dd>
    </div>
  );
}

function TagEditor({
  id,
  tags,
  onChange,
}: {
  id: string;
  tags: string[];
  onChange: (tags: string[]) => Promise<void>;
}) {
  const { t } = useI18n();
  const { directory, refreshDirectory } = useWorkspace();
  const [draft, setDraft] = useState('');
  const listId = useId();
  const add = async () => {
    const name = draft.trim().replace(/,/g, '');
    if (!name || tags.includes(name)) return setDraft('');
    await onChange([...tags, name]);
    setDraft('');
    if (!directory.tags.some((tag) => tag.name === name)) refreshDirectory();
  };
  return (
    <div className="tag-editor">
      {tags.map((tag) => (
        <span key={tag} className="tag-chip">
          <Icon name="tag" size={11} />
          {tag}
          <button
            type="button"
            aria-label={t('props.removeTag', { name: tag })}
            onClick={() => void onChange(tags.filter((item) => item !== tag))}
          >
            <Icon name="close" size={10} />
          </button>
        </span>
      ))}
      <input
        id={id}
        className="tag-input"
        value={draft}
        list={listId}
        placeholder={t('props.addTag')}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            void add();
          }
        }}
        onBlur={() => void add()}
      />
      <datalist id={listId}>
        {directory.tags
          .filter((tag) => !tags.includes(tag.name))
          .map((tag) => (
            <option key={tag.id} value={tag.name} />
          ))}
      </datalist>
    </div>
  );
}
