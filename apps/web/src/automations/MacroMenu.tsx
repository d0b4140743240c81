import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { errorMessage } from '../i18n/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import type { Conversation } from '../lib/types.ts';
import { Icon } from '../ui/Icon.tsx';
import { useToast } from '../ui/Toaster.tsx';
import type { Macro } from './types.ts';
import './automations.css';

/**
 * The macro menu beside the composer: pick a macro and all its actions apply at once. The
 * conversation comes back changed; a reply it writes arrives in the thread as a live message.
 */
export function MacroMenu({
  conversation,
  onApplied,
}: {
  conversation: Conversation;
  onApplied: (conversation: Conversation) => void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [macros, setMacros] = useState<Macro[] | null>(null);
  const [busy, setBusy] = useState(false);
  const menuId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!open) return;
    let current = true;
    api.get<{ items: Macro[] }>('/macros').then(
      (page) => current && setMacros(page.items),
      (failure: unknown) => current && toast.error(errorMessage(failure, t)),
    );
    return () => {
      current = false;
    };
  }, [open, t, toast]);

  useEffect(() => {
    if (open && macros) menu.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [open, macros]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const apply = async (macro: Macro) => {
    setBusy(true);
    try {
      onApplied(
        await api.post<Conversation>(`/conversations/${conversation.id}/macros/${macro.id}`),
      );
      toast.info(t('macros.applied', { name: macro.name }));
      close();
    } catch (failure) {
      toast.error(errorMessage(failure, t));
    } finally {
      setBusy(false);
    }
  };
  // Arrow keys move between items, Escape closes (the WAI-ARIA menu pattern).
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const by = event.key === 'ArrowDown' ? 1 : -1;
      items[(index + by + items.length) % items.length]?.focus();
    }
  };

  return (
    <div className="macro-menu">
      <button
        ref={button}
        type="button"
        className="button button-ghost small"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close() : setOpen(true))}
      >
        <Icon name="bolt" />
        {t('macros.menu')}
      </button>
      {open ? (
        <ul id={menuId} ref={menu} role="menu" className="macro-menu-list" onKeyDown={onKeyDown}>
          {!macros ? (
            <li className="muted">{t('app.loading')}</li>
          ) : macros.length === 0 ? (
            <li className="muted">{t('macros.none')}</li>
          ) : (
            macros.map((macro) => (
              <li key={macro.id} role="none">
                <button
                  type="button"
                  role="menuitem"
                  disabled={busy}
                  onClick={() => void apply(macro)}
                >
                  <span data-user-content>{macro.name}</span>
                </button>
              </li>
            ))
          )}
        </ul>
      ) : null}
    </div>
  );
}
