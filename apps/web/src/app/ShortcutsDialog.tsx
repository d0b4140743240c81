import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { Kbd } from '../ui/Kbd.tsx';

const shortcuts: Array<[string[], MessageKey]> = [
  [['j', '↓'], 'shortcuts.next'],
  [['k', '↑'], 'shortcuts.previous'],
  [['Enter', 'o'], 'shortcuts.open'],
  [['r'], 'shortcuts.reply'],
  [['n'], 'shortcuts.note'],
  [['e'], 'shortcuts.solve'],
  [['/', 'Ctrl K'], 'shortcuts.search'],
  [['Ctrl Enter'], 'shortcuts.send'],
  [['Esc'], 'shortcuts.escape'],
  [['?'], 'shortcuts.help'],
];

/** The keyboard shortcuts help (opened with ?). */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Dialog title={t('shortcuts.title')} onClose={onClose}>
      <dl className="shortcuts">
        {shortcuts.map(([keys, label]) => (
          <div key={label} className="shortcut-row">
            <dt>
              {keys.map((key, index) => (
                <span key={key}>
                  {index > 0 ? ' / ' : null}
                  <Kbd>{key}</Kbd>
                </span>
              ))}
            </dt>
            <dd>{t(label)}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
