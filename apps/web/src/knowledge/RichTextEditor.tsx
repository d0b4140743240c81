import { type ClipboardEvent, useEffect, useRef, useState } from 'react';
import type { KbFile } from '@kefu/contracts';
import { errorMessage } from '../i18n/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { api } from '../lib/api.ts';
import { editorNodes } from './editor-html.ts';

type Command =
  | { kind: 'block'; tag: string; label: MessageKey; text: string }
  | { kind: 'inline'; command: string; label: MessageKey; text: string };

const commands: Command[] = [
  { kind: 'block', tag: 'h2', label: 'knowledge.editor.heading', text: 'H2' },
  { kind: 'block', tag: 'h3', label: 'knowledge.editor.subheading', text: 'H3' },
  { kind: 'block', tag: 'p', label: 'knowledge.editor.paragraph', text: '¶' },
  { kind: 'inline', command: 'bold', label: 'knowledge.editor.bold', text: 'B' },
  { kind: 'inline', command: 'italic', label: 'knowledge.editor.italic', text: 'I' },
  { kind: 'inline', command: 'insertUnorderedList', label: 'knowledge.editor.bullets', text: '•' },
  { kind: 'inline', command: 'insertOrderedList', label: 'knowledge.editor.numbers', text: '1.' },
  { kind: 'block', tag: 'blockquote', label: 'knowledge.editor.quote', text: '❝' },
  { kind: 'block', tag: 'pre', label: 'knowledge.editor.code', text: '</>' },
];

/**
 * A small rich-text editor: a contenteditable region with a toolbar (headings, bold, italic,
 * lists, quote, code, link, image upload). Loaded and pasted HTML goes through the client
 * allow-list; the server sanitizes what is saved.
 */
export function RichTextEditor({
  id,
  labelledBy,
  html,
  onChange,
}: {
  id: string;
  labelledBy: string;
  /** The starting content; a new value (another language, a restored version) replaces it. */
  html: string;
  onChange: (html: string) => void;
}) {
  const { t } = useI18n();
  const area = useRef<HTMLDivElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);

  useEffect(() => {
    const element = area.current;
    if (!element || element.innerHTML === html) return;
    element.replaceChildren(...editorNodes(html));
  }, [html]);

  const changed = () => onChange(area.current?.innerHTML ?? '');
  const run = (command: string, value?: string) => {
    area.current?.focus();
    document.execCommand(command, false, value);
    changed();
  };

  const paste = (event: ClipboardEvent<HTMLDivElement>) => {
    event.preventDefault();
    const pastedHtml = event.clipboardData.getData('text/html');
    if (!pastedHtml) {
      document.execCommand('insertText', false, event.clipboardData.getData('text/plain'));
      changed();
      return;
    }
    const selection = window.getSelection();
    const range = selection?.rangeCount ? selection.getRangeAt(0) : null;
    if (!range) return;
    range.deleteContents();
    const fragment = document.createDocumentFragment();
    fragment.append(...editorNodes(pastedHtml));
    range.insertNode(fragment);
    range.collapse(false);
    changed();
  };

  const link = () => {
    const url = window.prompt(t('knowledge.editor.linkPrompt'), 'https://');
    if (url && /^(https?:\/\/|mailto:|\/)/i.test(url.trim())) run('createLink', url.trim());
  };

  const upload = async (chosen: File | undefined) => {
    if (!chosen) return;
    setUploadError(null);
    try {
      const stored = await api.upload<KbFile>('/knowledge/files', chosen);
      run('insertImage', stored.url);
    } catch (error) {
      setUploadError(errorMessage(error, t));
    } finally {
      if (file.current) file.current.value = '';
    }
  };

  return (
    <div className="kb-editor">
      <div className="kb-toolbar" role="toolbar" aria-label={t('knowledge.editor.toolbar')}>
        {commands.map((command) => (
          <button
            key={command.label}
            type="button"
            className="kb-tool"
            aria-label={t(command.label)}
            title={t(command.label)}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() =>
              command.kind === 'block'
                ? run('formatBlock', `<${command.tag}>`)
                : run(command.command)
            }
          >
            {command.text}
          </button>
        ))}
        <button
          type="button"
          className="kb-tool"
          aria-label={t('knowledge.editor.link')}
          title={t('knowledge.editor.link')}
          onMouseDown={(event) => event.preventDefault()}
          onClick={link}
        >
          <span className="kb-tool-text">{t('knowledge.editor.linkShort')}</span>
        </button>
        <button
          type="button"
          className="kb-tool"
          aria-label={t('knowledge.editor.image')}
          title={t('knowledge.editor.image')}
          onClick={() => file.current?.click()}
        >
          <span className="kb-tool-text">{t('knowledge.editor.imageShort')}</span>
        </button>
        <input
          ref={file}
          type="file"
          accept="image/png,image/jpeg,image/gif,image/webp"
          hidden
          onChange={(event) => void upload(event.target.files?.[0])}
        />
      </div>
      <div
        ref={area}
        id={id}
        className="kb-editable"
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        aria-labelledby={labelledBy}
        onInput={changed}
        onBlur={changed}
        onPaste={paste}
      />
      {uploadError ? (
        <p className="form-error" role="alert">
          {uploadError}
        </p>
      ) : null}
    </div>
  );
}
