import type { BotTurn } from '@kefu/contracts';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { BotSuggestion } from '../api/bot-client.ts';
import type { Translate } from '../i18n/i18n.ts';
import type { WidgetLocale } from '../shared/locale.ts';
import type { BotConnector } from './bot-connector.ts';

export interface BotPanelProps {
  t: Translate;
  locale: WidgetLocale;
  bot: BotConnector;
  /** A bot conversation to continue (the page was reloaded during it): its turns are loaded. */
  resumeId?: string | null;
  /** The visitor wants a person (the panel has handed over its conversation, if any). */
  onPerson: () => void;
  onError: (error: unknown) => void;
}

const suggestDelayMs = 250;

/** Only http(s) links from the server are rendered as links; anything else stays text. */
const safeUrl = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);

function ArticleLink({ t, title, url }: { t: Translate; title: string; url: string | null }) {
  const href = safeUrl(url);
  if (!href) return <span class="bot__article">{title}</span>;
  return (
    <a class="bot__article" href={href} target="_blank" rel="noopener noreferrer">
      {t('bot.readArticle', { title })}
    </a>
  );
}

function Turn(props: { t: Translate; turn: BotTurn; onRate: (helpful: boolean) => void }) {
  const { t, turn, onRate } = props;
  return (
    <>
      <li class="message message--customer">
        <span class="sr-only">{t('author.you')}</span>
        <div class="message__bubble">{turn.question}</div>
      </li>
      <li class="message message--bot">
        <span class="message__author">{t('author.bot')}</span>
        {turn.answered ? (
          <div class="message__bubble" data-testid="bot-answer">
            <p class="bot__answer">{turn.answer}</p>
            {turn.citations.map((article) => (
              <ArticleLink key={article.id} t={t} title={article.title} url={article.url} />
            ))}
          </div>
        ) : (
          <div class="message__bubble" data-testid="bot-declined">
            {t('bot.dontKnow')}
          </div>
        )}
        {turn.answered &&
          (turn.helpful === null ? (
            <div class="bot__rate" role="group" aria-label={t('bot.didItHelp')}>
              <span>{t('bot.didItHelp')}</span>
              <button type="button" class="link-button" onClick={() => onRate(true)}>
                {t('bot.yes')}
              </button>
              <button type="button" class="link-button" onClick={() => onRate(false)}>
                {t('bot.no')}
              </button>
            </div>
          ) : (
            <p class="bot__thanks">{t(turn.helpful ? 'bot.glad' : 'bot.sorry')}</p>
          ))}
      </li>
    </>
  );
}

/**
 * Self-service before a chat: help-center suggestions while the visitor types, the answer bot
 * (a short passage with a link, "Did this help?", an honest "I don't know"), and "Talk to a
 * person" at any time, which hands the bot's conversation and its transcript to an agent.
 */
export function BotPanel({ t, locale, bot, resumeId = null, onPerson, onError }: BotPanelProps) {
  const [text, setText] = useState('');
  const [suggestions, setSuggestions] = useState<BotSuggestion[]>([]);
  const [turns, setTurns] = useState<BotTurn[]>([]);
  const [busy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const conversationId = turns[0]?.conversationId ?? resumeId;

  useEffect(() => {
    if (!resumeId) return;
    bot.hold(resumeId);
    bot
      .withSession(() => bot.api.turns(resumeId))
      .then((result) => setTurns((list) => (list.length > 0 ? list : result.items)))
      .catch(onError);
    // Once per resumed conversation; the panel adds the turns that follow.
  }, [resumeId, bot]);

  useEffect(() => {
    clearTimeout(timer.current);
    const query = text.trim();
    if (query.length < 2) {
      setSuggestions([]);
      return;
    }
    timer.current = setTimeout(() => {
      bot
        .withSession(() => bot.api.suggestions(query, locale))
        .then((result) => setSuggestions(result.items.slice(0, 3)))
        .catch(() => setSuggestions([]));
    }, suggestDelayMs);
    return () => clearTimeout(timer.current);
  }, [text, locale, bot]);

  const ask = async () => {
    const question = text.trim();
    if (!question || busy) return;
    setBusy(true);
    try {
      const turn = await bot.withSession(() => bot.api.ask(question, locale, conversationId));
      bot.hold(turn.conversationId);
      setTurns((list) => [...list, turn]);
      setText('');
      setSuggestions([]);
    } catch (error) {
      onError(error);
    } finally {
      setBusy(false);
    }
  };

  const rate = async (turnId: string, helpful: boolean) => {
    try {
      const rated = await bot.withSession(() => bot.api.feedback(turnId, helpful));
      setTurns((list) => list.map((turn) => (turn.id === rated.id ? rated : turn)));
    } catch (error) {
      onError(error);
    }
  };

  const person = async () => {
    try {
      if (conversationId) {
        await bot.withSession(() => bot.api.handover(conversationId, locale));
        await bot.showConversation();
      }
      onPerson();
    } catch (error) {
      onError(error);
    }
  };

  return (
    <section class="bot" aria-labelledby="kefu-bot-title">
      <h2 id="kefu-bot-title" class="bot__title">
        {t('bot.title')}
      </h2>
      <p class="bot__intro">{t('bot.intro')}</p>
      <ol class="messages__list bot__turns" aria-live="polite">
        {turns.map((turn) => (
          <Turn key={turn.id} t={t} turn={turn} onRate={(helpful) => void rate(turn.id, helpful)} />
        ))}
      </ol>
      <form
        class="bot__ask"
        onSubmit={(event) => {
          event.preventDefault();
          void ask();
        }}
      >
        <label class="sr-only" for="kefu-bot-question">
          {t('bot.label')}
        </label>
        <input
          id="kefu-bot-question"
          value={text}
          maxLength={1000}
          autocomplete="off"
          placeholder={t('bot.placeholder')}
          data-autofocus
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <button type="submit" class="button" disabled={busy || text.trim() === ''}>
          {t('bot.ask')}
        </button>
      </form>
      {suggestions.length > 0 && (
        <div class="bot__suggestions">
          <p>{t('bot.suggested')}</p>
          <ul>
            {suggestions.map((item) => (
              <li key={item.id}>
                {safeUrl(item.url) ? (
                  <a href={safeUrl(item.url)!} target="_blank" rel="noopener noreferrer">
                    {item.title}
                  </a>
                ) : (
                  item.title
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <button
        type="button"
        class="button button--secondary bot__person"
        onClick={() => void person()}
      >
        {t('bot.person')}
      </button>
    </section>
  );
}
