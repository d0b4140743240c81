import { useId } from 'react';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { navigate, useLocation } from '../lib/router.tsx';
import { type UserFilters, allStatuses } from './views.ts';

const priorities = ['urgent', 'high', 'normal', 'low'] as const;
const channels = ['chat', 'email', 'api', 'phone', 'wechat', 'wecom'] as const;
const sorts = ['updated_desc', 'updated_asc', 'created_desc', 'created_asc'] as const;

/** Compact filters and sort; the choice lives in the URL so it survives reloads and links. */
export function FilterBar({ view, filters }: { view: string; filters: UserFilters }) {
  const { t } = useI18n();
  const { directory } = useWorkspace();
  const location = useLocation();

  const set = (name: keyof UserFilters, value: string) => {
    const query = new URLSearchParams(location.query);
    if (value) query.set(name, value);
    else query.delete(name);
    const text = query.toString();
    navigate(`${location.path}${text ? `?${text}` : ''}`, { replace: true });
  };
  const active = [filters.status, filters.priority, filters.channel, filters.tag].some(Boolean);

  return (
    <div className="filter-bar" role="group" aria-label={t('filters.label')}>
      {view.startsWith('status-') ? null : (
        <FilterSelect
          label={t('filters.status')}
          value={filters.status ?? ''}
          onChange={(value) => set('status', value)}
          options={allStatuses.map((status) => [status, `status.${status}`])}
        />
      )}
      <FilterSelect
        label={t('filters.priority')}
        value={filters.priority ?? ''}
        onChange={(value) => set('priority', value)}
        options={priorities.map((priority) => [priority, `priority.${priority}`])}
      />
      <FilterSelect
        label={t('filters.channel')}
        value={filters.channel ?? ''}
        onChange={(value) => set('channel', value)}
        options={channels.map((channel) => [channel, `channel.${channel}`])}
      />
      <FilterSelect
        label={t('filters.tag')}
        value={filters.tag ?? ''}
        onChange={(value) => set('tag', value)}
        options={directory.tags.map((tag) => [tag.name, null])}
      />
      {active ? (
        <button
          type="button"
          className="link-button"
          onClick={() => navigate(location.path, { replace: true })}
        >
          {t('filters.clear')}
        </button>
      ) : null}
    </div>
  );
}

/** The list's order, shown in the list header. */
export function SortSelect({ value }: { value: string }) {
  const { t } = useI18n();
  const location = useLocation();
  const id = useId();
  const change = (next: string) => {
    const query = new URLSearchParams(location.query);
    if (next === 'updated_desc') query.delete('sort');
    else query.set('sort', next);
    const text = query.toString();
    navigate(`${location.path}${text ? `?${text}` : ''}`, { replace: true });
  };
  return (
    <div className="sort-select">
      <label htmlFor={id} className="visually-hidden">
        {t('filters.sort')}
      </label>
      <select id={id} value={value} onChange={(event) => change(event.target.value)}>
        {sorts.map((sort) => (
          <option key={sort} value={sort}>
            {t(`sort.${sort}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

interface SelectProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** [value, dictionary key] — a null key shows the value itself (tag names). */
  options: Array<[string, MessageKey | null]>;
}

/** A pill-shaped select whose empty choice reads as the filter's name ("Priority"). */
function FilterSelect({ label, value, onChange, options }: SelectProps) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className={`filter ${value ? 'set' : ''}`}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{value ? t('filters.any') : label}</option>
        {options.map(([option, key]) => (
          <option key={option} value={option}>
            {`${option === value ? `${label}: ` : ''}${key ? t(key) : option}`}
          </option>
        ))}
      </select>
    </div>
  );
}
