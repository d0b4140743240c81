import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import type { CannedResponse } from '../lib/contracts-runtime.ts';
import type { Page } from '../lib/types.ts';

interface Props {
  id: string;
  query: string;
  activeIndex: number;
  onResults: (items: CannedResponse[]) => void;
  onPick: (item: CannedResponse) => void;
}

/**
 * The `/` popup: canned responses matching what follows the slash, as a listbox the composer
 * drives with the arrow keys (the textarea keeps focus, aria-activedescendant points here).
 */
export function CannedPopup({ id, query, activeIndex, onResults, onPick }: Props) {
  const { t } = useI18n();
  const [items, setItems] = useState<CannedResponse[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    const timer = window.setTimeout(() => {
      api.get<Page<CannedResponse>>('/canned-responses', { q: query || undefined, limit: 8 }).then(
        (page) => {
          if (cancelled) return;
          setItems(page.items);
          setFailed(false);
          onResults(page.items);
        },
        () => {
          if (cancelled) return;
          setFailed(true);
          onResults([]);
        },
      );
    }, 120);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [query, onResults]);

  return (
    <div className="canned-popup">
      <div className="canned-title">{t('composer.cannedTitle')}</div>
      {failed ? (
        <p className="canned-empty">{t('composer.cannedUnavailable')}</p>
      ) : items && items.length === 0 ? (
        <p className="canned-empty">{t('composer.cannedEmpty')}</p>
      ) : (
        <ul id={id} role="listbox" aria-label={t('composer.cannedTitle')}>
          {(items ?? []).map((item, index) => (
            <li
              key={item.id}
              id={`${id}-${index}`}
              role="option"
              aria-selected={index === activeIndex}
              className={index === activeIndex ? 'active' : ''}
              onMouseDown={(event) => {
                event.preventDefault();
                onPick(item);
              }}
            >
              <span className="canned-shortcut">/{item.shortcut}</span>
              <span className="canned-name truncate">{item.title}</span>
              <span className="canned-preview truncate">{item.body}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
