import {
  type KeyboardEvent,
  type Ref,
  useCallback,
  useId,
  useImperativeHandle,
  useRef,
  useState,
} from 'react';
import { useWorkspace } from '../app/workspace-context.tsx';
import { errorMessage } from '../i18n/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { type CannedResponse, renderCannedResponse } from '../lib/contracts-runtime.ts';
import type { Attachment, Conversation, Customer, Message } from '../lib/types.ts';
import { Icon } from '../ui/Icon.tsx';
import { useToast } from '../ui/Toaster.tsx';
import { CannedPopup } from './CannedPopup.tsx';
import {
  EmailRecipientsFields,
  recipientsState,
  useEmailRecipients,
} from './EmailRecipientsFields.tsx';
import { type SlashQuery, insertAt, slashQueryAt } from './canned.ts';
import { insertBlock } from './assist/assist-insert.ts';
import type { ConversationPresence } from '../lib/presence.ts';

export type ComposerMode = 'reply' | 'note';
export interface ComposerHandle {
  focus(mode: ComposerMode): void;
  /** Puts text (a suggestion) into the reply at the caret, as its own paragraph. */
  insert(text: string): void;
}

interface Props {
  ref?: Ref<ComposerHandle>;
  conversation: Conversation;
  customer: Customer | null;
  presence: ConversationPresence | null;
  onEscape: () => void;
}

type Upload = { key: string; name: string; attachment: Attachment | null };

/** Reply or internal note, with attachments and `/` canned responses. */
export function Composer({ ref, conversation, customer, presence, onEscape }: Props) {
  const { t } = useI18n();
  const toast = useToast();
  const { session, messages } = useWorkspace();
  const [mode, setMode] = useState<ComposerMode>('reply');
  const [text, setText] = useState('');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [sending, setSending] = useState(false);
  const [slash, setSlash] = useState<SlashQuery | null>(null);
  const [options, setOptions] = useState<CannedResponse[]>([]);
  const [activeOption, setActiveOption] = useState(0);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const popupId = useId();
  const customerName = customer?.name ?? conversation.customer.name ?? t('list.anonymous');
  // Email conversations: replies go to the reply-all recipients, which the agent may change.
  const isEmail = conversation.channel === 'email';
  const recipients = useEmailRecipients(conversation.id, isEmail);
  const emailReply = isEmail && mode === 'reply';
  const email = emailReply ? recipientsState(recipients, t) : { email: null, problem: null };

  useImperativeHandle(ref, () => ({
    focus(next) {
      setMode(next);
      textarea.current?.focus();
    },
    insert(insert) {
      const caret = textarea.current?.selectionStart ?? text.length;
      const next = insertBlock(text, caret, insert);
      setMode('reply');
      update(next.text, next.caret);
      setSlash(null);
      requestAnimationFrame(() => {
        textarea.current?.focus();
        textarea.current?.setSelectionRange(next.caret, next.caret);
      });
    },
  }));

  const onResults = useCallback((items: CannedResponse[]) => {
    setOptions(items);
    setActiveOption(0);
  }, []);

  const update = (value: string, caret: number) => {
    setText(value);
    setSlash(slashQueryAt(value, caret));
    presence?.setTyping(value.trim() ? (mode === 'note' ? 'internal' : 'public') : null);
  };

  const pick = (item: CannedResponse) => {
    if (!slash) return;
    const email = customer?.identities.find((identity) => identity.kind === 'email')?.value;
    const filled = renderCannedResponse(item.body, {
      'customer.name': customer?.name ?? conversation.customer.name,
      'customer.email': email,
      'agent.name': session.user.name,
      'conversation.id': conversation.number,
    });
    const next = insertAt(text, slash, filled);
    update(next.text, next.caret);
    setSlash(null);
    requestAnimationFrame(() => textarea.current?.setSelectionRange(next.caret, next.caret));
  };

  const attach = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      const key = `${file.name}-${Date.now()}-${Math.random()}`;
      setUploads((current) => [...current, { key, name: file.name, attachment: null }]);
      api.upload<Attachment>('/attachments', file).then(
        (attachment) =>
          setUploads((current) =>
            current.map((item) => (item.key === key ? { ...item, attachment } : item)),
          ),
        (error: unknown) => {
          setUploads((current) => current.filter((item) => item.key !== key));
          toast.error(errorMessage(error, t));
        },
      );
    }
    if (fileInput.current) fileInput.current.value = '';
  };

  const uploading = uploads.some((item) => !item.attachment);
  const canSend =
    !sending && !uploading && !email.problem && (text.trim() !== '' || uploads.length > 0);

  const send = async () => {
    if (!canSend) return;
    setSending(true);
    try {
      const message = await api.post<Message>(`/conversations/${conversation.id}/messages`, {
        body: text,
        visibility: mode === 'note' ? 'internal' : 'public',
        attachmentIds: uploads.flatMap((item) => (item.attachment ? [item.attachment.id] : [])),
        ...(email.email ? { email: email.email } : {}),
      });
      messages.add(conversation.id, [message]);
      setText('');
      setUploads([]);
      presence?.setTyping(null);
      if (emailReply) recipients.reset();
    } catch (error) {
      toast.error(errorMessage(error, t));
    } finally {
      setSending(false);
      textarea.current?.focus();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    const popupOpen = slash !== null && options.length > 0;
    if (popupOpen && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      const delta = event.key === 'ArrowDown' ? 1 : -1;
      setActiveOption((index) => (index + delta + options.length) % options.length);
    } else if (popupOpen && (event.key === 'Enter' || event.key === 'Tab') && !event.ctrlKey) {
      event.preventDefault();
      pick(options[activeOption]!);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (slash) setSlash(null);
      else onEscape();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  };

  const popupOpen = slash !== null;
  return (
    <div className={`composer composer-${mode}`} role="group" aria-label={t('composer.label')}>
      <div className="composer-tabs" role="tablist" aria-label={t('composer.label')}>
        {(['reply', 'note'] as const).map((option) => (
          <button
            key={option}
            type="button"
            role="tab"
            aria-selected={mode === option}
            className={`composer-tab ${mode === option ? 'active' : ''}`}
            onClick={() => {
              setMode(option);
              textarea.current?.focus();
            }}
          >
            <Icon name={option === 'reply' ? 'send' : 'note'} size={13} />
            {t(option === 'reply' ? 'composer.reply' : 'composer.note')}
          </button>
        ))}
        {mode === 'note' ? (
          <span className="composer-note-banner">{t('composer.noteBanner')}</span>
        ) : null}
      </div>
      {emailReply ? <EmailRecipientsFields draft={recipients} problem={email.problem} /> : null}
      {popupOpen ? (
        <CannedPopup
          id={popupId}
          query={slash.query}
          activeIndex={activeOption}
          onResults={onResults}
          onPick={pick}
        />
      ) : null}
      <textarea
        ref={textarea}
        className="composer-input"
        value={text}
        rows={3}
        aria-label={mode === 'note' ? t('composer.note') : t('composer.reply')}
        placeholder={
          mode === 'note'
            ? t('composer.notePlaceholder')
            : t('composer.replyPlaceholder', { name: customerName })
        }
        role={popupOpen ? 'combobox' : undefined}
        aria-expanded={popupOpen ? options.length > 0 : undefined}
        aria-controls={popupOpen ? popupId : undefined}
        aria-autocomplete={popupOpen ? 'list' : undefined}
        aria-activedescendant={
          popupOpen && options.length > 0 ? `${popupId}-${activeOption}` : undefined
        }
        onChange={(event) => update(event.target.value, event.target.selectionStart)}
        onKeyDown={onKeyDown}
        onBlur={() => presence?.setTyping(null)}
      />
      {uploads.length > 0 ? (
        <ul className="upload-list">
          {uploads.map((item) => (
            <li key={item.key} className={item.attachment ? '' : 'uploading'}>
              <Icon name="paperclip" size={12} />
              <span className="truncate">
                {item.attachment ? item.name : t('composer.uploading', { name: item.name })}
              </span>
              <button
                type="button"
                className="icon-button tiny"
                aria-label={t('composer.removeAttachment', { name: item.name })}
                onClick={() =>
                  setUploads((current) => current.filter((upload) => upload.key !== item.key))
                }
              >
                <Icon name="close" size={12} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="composer-actions">
        <input
          ref={fileInput}
          type="file"
          multiple
          className="visually-hidden"
          id={`${popupId}-file`}
          onChange={(event) => attach(event.target.files)}
          tabIndex={-1}
          aria-label={t('composer.attach')}
        />
        <button
          type="button"
          className="icon-button"
          onClick={() => fileInput.current?.click()}
          aria-label={t('composer.attach')}
          title={t('composer.attach')}
        >
          <Icon name="paperclip" />
        </button>
        <span className="composer-hint muted">{t('composer.sendHint')}</span>
        <button
          type="button"
          className={`button ${mode === 'note' ? 'button-note' : 'button-primary'}`}
          disabled={!canSend}
          onClick={() => void send()}
        >
          {sending
            ? t('composer.sending')
            : mode === 'note'
              ? t('composer.addNote')
              : t('composer.send')}
        </button>
      </div>
    </div>
  );
}
