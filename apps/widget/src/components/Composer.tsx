import { useRef, useState } from 'preact/hooks';
import type { Translate } from '../i18n/i18n.ts';
import type { ChatAttachment } from '../state/chat-state.ts';

export interface ComposerProps {
  t: Translate;
  disabled: boolean;
  onSend: (text: string, attachments: ChatAttachment[]) => void;
  onTyping: (isTyping: boolean) => void;
  onUpload: (file: File) => Promise<ChatAttachment>;
  onError: (error: unknown) => void;
}

interface Upload {
  key: number;
  name: string;
  attachment: ChatAttachment | null;
}

const maxLines = 5;

/** The text box, the attach button and the send button. Enter sends; Shift+Enter is a new line. */
export function Composer({ t, disabled, onSend, onTyping, onUpload, onError }: ComposerProps) {
  const [text, setText] = useState('');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const nextKey = useRef(0);

  const ready = uploads.filter((u) => u.attachment).map((u) => u.attachment!);
  const busy = uploads.some((u) => !u.attachment);
  const canSend = !disabled && !busy && (text.trim() !== '' || ready.length > 0);

  const resize = () => {
    const element = textarea.current;
    if (!element) return;
    element.style.height = 'auto';
    const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 20;
    element.style.height = `${Math.min(element.scrollHeight, lineHeight * maxLines + 16)}px`;
  };

  const submit = () => {
    if (!canSend) return;
    onSend(text, ready);
    setText('');
    setUploads([]);
    requestAnimationFrame(resize);
  };

  const addFiles = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      const key = nextKey.current++;
      setUploads((list) => [...list, { key, name: file.name, attachment: null }]);
      onUpload(file).then(
        (attachment) =>
          setUploads((list) => list.map((u) => (u.key === key ? { ...u, attachment } : u))),
        (error: unknown) => {
          setUploads((list) => list.filter((u) => u.key !== key));
          onError(error);
        },
      );
    }
    if (fileInput.current) fileInput.current.value = '';
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {uploads.length > 0 && (
        <ul class="composer__uploads">
          {uploads.map((upload) => (
            <li key={upload.key} class="chip">
              <span class="chip__name">
                {upload.attachment ? upload.name : t('composer.uploading', { name: upload.name })}
              </span>
              <button
                type="button"
                class="chip__remove"
                aria-label={t('composer.remove', { name: upload.name })}
                onClick={() => setUploads((list) => list.filter((u) => u.key !== upload.key))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="composer__row">
        <label class="sr-only" for="kefu-composer">
          {t('composer.label')}
        </label>
        <textarea
          id="kefu-composer"
          ref={textarea}
          rows={1}
          value={text}
          disabled={disabled}
          placeholder={t('composer.placeholder')}
          aria-describedby="kefu-composer-hint"
          data-autofocus
          onInput={(event) => {
            const value = event.currentTarget.value;
            setText(value);
            onTyping(value.trim() !== '');
            resize();
          }}
          onKeyDown={(event) => {
            // While an input method is composing (Chinese, Japanese), Enter picks a candidate.
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              submit();
            }
          }}
        />
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          tabIndex={-1}
          onChange={(event) => addFiles(event.currentTarget.files)}
        />
        <button
          type="button"
          class="icon-button"
          aria-label={t('composer.attach')}
          title={t('composer.attach')}
          disabled={disabled}
          onClick={() => fileInput.current?.click()}
        >
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path
              fill="currentColor"
              d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10z"
            />
          </svg>
        </button>
        <button
          type="submit"
          class="icon-button icon-button--send"
          aria-label={t('composer.send')}
          title={t('composer.send')}
          disabled={!canSend}
        >
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path fill="currentColor" d="M3 20.5 21 12 3 3.5 3 10l12 2-12 2z" />
          </svg>
        </button>
      </div>
      <p id="kefu-composer-hint" class="composer__hint">
        {t('composer.hint')}
      </p>
    </form>
  );
}
