import type { VisitorSurvey } from '@kefu/contracts';
import { useEffect, useState } from 'preact/hooks';
import type { MessageKey, Translate } from '../i18n/i18n.ts';
import type { WidgetLocale } from '../shared/locale.ts';

export interface SurveyAnswerBody {
  score: number;
  reasons?: string[];
  comment?: string;
}

export interface SurveyCardProps {
  t: Translate;
  locale: WidgetLocale;
  load: () => Promise<VisitorSurvey[]>;
  answer: (id: string, body: SurveyAnswerBody) => Promise<VisitorSurvey>;
  /** Changes when the conversation changes (solved, a survey sent): load again. */
  nudge: string;
}

/** How much each CSAT point smiles (−1 frown … 1 smile), per scale. */
const smiles: Record<number, number[]> = {
  2: [-1, 1],
  3: [-1, 0, 1],
  5: [-1, -0.5, 0, 0.5, 1],
};

/** A face drawn in SVG (emoji fonts differ between systems, and some lack them). */
function Face({ smile }: { smile: number }) {
  return (
    <svg class="survey__face" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
      <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" stroke-width="1.6" />
      <circle cx="8.5" cy="9.5" r="1.3" fill="currentColor" />
      <circle cx="15.5" cy="9.5" r="1.3" fill="currentColor" />
      <path
        d={`M7.5 ${15.5 - smile} Q12 ${15.5 + smile * 3.5} 16.5 ${15.5 - smile}`}
        fill="none"
        stroke="currentColor"
        stroke-width="1.6"
        stroke-linecap="round"
      />
    </svg>
  );
}
const faceLabels: Record<number, MessageKey[]> = {
  2: ['survey.face.bad', 'survey.face.good'],
  3: ['survey.face.bad', 'survey.face.okay', 'survey.face.good'],
  5: [
    'survey.face.veryBad',
    'survey.face.bad',
    'survey.face.okay',
    'survey.face.good',
    'survey.face.veryGood',
  ],
};
const cesLabels: MessageKey[] = [
  'survey.ces.1',
  'survey.ces.2',
  'survey.ces.3',
  'survey.ces.4',
  'survey.ces.5',
  'survey.ces.6',
  'survey.ces.7',
];

/** The scores a survey offers with their visible and spoken labels. */
function scoresOf(t: Translate, survey: VisitorSurvey) {
  if (survey.kind === 'nps')
    return Array.from({ length: 11 }, (_, score) => ({
      score,
      face: <span aria-hidden="true">{score}</span>,
      label:
        score === 0
          ? `0, ${t('survey.nps.low')}`
          : score === 10
            ? `10, ${t('survey.nps.high')}`
            : String(score),
    }));
  if (survey.kind === 'ces')
    return cesLabels.map((key, i) => ({
      score: i + 1,
      face: <span aria-hidden="true">{i + 1}</span>,
      label: t(key),
    }));
  const labels = faceLabels[survey.scale] ?? [];
  return labels.map((key, i) => ({
    score: i + 1,
    face: <Face smile={smiles[survey.scale]?.[i] ?? 0} />,
    label: t(key),
  }));
}

function questionOf(t: Translate, survey: VisitorSurvey) {
  if (survey.kind === 'nps') return t('survey.nps', { name: survey.workspaceName });
  if (survey.kind === 'ces') return t('survey.ces', { name: survey.workspaceName });
  return t('survey.csat');
}

/**
 * The surveys of the visitor's chat once it is solved: CSAT faces, NPS 0–10 or CES 1–7 as a
 * radio group; a click records the score, then optional reasons and a comment; the answer can
 * be changed while the survey is open.
 */
export function SurveyCard({ t, locale, load, answer, nudge }: SurveyCardProps) {
  const [surveys, setSurveys] = useState<VisitorSurvey[]>([]);
  useEffect(() => {
    let live = true;
    load().then(
      (items) => live && setSurveys(items),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [nudge]);
  if (surveys.length === 0) return null;
  return (
    <div class="surveys">
      {surveys.map((survey) => (
        <SurveyItem
          key={survey.id}
          t={t}
          locale={locale}
          survey={survey}
          onAnswer={async (body) => {
            const saved = await answer(survey.id, body);
            setSurveys((list) => list.map((s) => (s.id === saved.id ? saved : s)));
          }}
        />
      ))}
    </div>
  );
}

function SurveyItem(props: {
  t: Translate;
  locale: WidgetLocale;
  survey: VisitorSurvey;
  onAnswer: (body: SurveyAnswerBody) => Promise<void>;
}) {
  const { t, survey, onAnswer } = props;
  const [reasons, setReasons] = useState<string[]>(survey.response?.reasons ?? []);
  const [comment, setComment] = useState(survey.response?.comment ?? '');
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | 'error' | 'closed'>('idle');
  /** The details (reasons, comment) were sent: the form folds away until the score changes. */
  const [detailsSent, setDetailsSent] = useState(false);
  const answered = survey.response;
  const question = questionOf(t, survey);
  const titleId = `kefu-survey-${survey.id}`;
  const open = survey.open && state !== 'closed';

  const send = (body: SurveyAnswerBody) => {
    setState('saving');
    onAnswer(body).then(
      () => {
        setState('saved');
        setDetailsSent(body.comment !== undefined);
      },
      (error: unknown) =>
        setState((error as { code?: string }).code === 'survey_closed' ? 'closed' : 'error'),
    );
  };
  const scores = scoresOf(t, survey);
  return (
    <section class={`survey survey--${survey.kind}`} aria-labelledby={titleId}>
      <p class="survey__question" id={titleId}>
        {question}
      </p>
      <div class="survey__scores" role="radiogroup" aria-labelledby={titleId}>
        {scores.map((s) => (
          <button
            type="button"
            role="radio"
            key={s.score}
            class="survey__score"
            aria-checked={answered?.score === s.score}
            aria-label={s.label}
            title={s.label}
            disabled={!open || state === 'saving'}
            onClick={() => send({ score: s.score })}
          >
            {s.face}
            {survey.kind === 'csat' && <span class="survey__label">{s.label}</span>}
          </button>
        ))}
      </div>
      {survey.kind === 'nps' && (
        <p class="survey__ends" aria-hidden="true">
          <span>{t('survey.nps.low')}</span>
          <span>{t('survey.nps.high')}</span>
        </p>
      )}
      {survey.kind === 'ces' && (
        <p class="survey__ends" aria-hidden="true">
          <span>{t('survey.ces.1')}</span>
          <span>{t('survey.ces.7')}</span>
        </p>
      )}
      {answered && open && !detailsSent && (survey.reasons.length > 0 || survey.commentEnabled) && (
        <form
          class="survey__details"
          onSubmit={(event) => {
            event.preventDefault();
            send({ score: answered.score, reasons, comment: comment.trim() });
          }}
        >
          {survey.reasons.length > 0 && (
            <fieldset class="survey__reasons">
              <legend>{t('survey.reasons')}</legend>
              {survey.reasons.map((reason) => (
                <label key={reason.id}>
                  <input
                    type="checkbox"
                    checked={reasons.includes(reason.id)}
                    onChange={(event) =>
                      setReasons((list) =>
                        (event.target as HTMLInputElement).checked
                          ? [...list, reason.id]
                          : list.filter((id) => id !== reason.id),
                      )
                    }
                  />{' '}
                  {props.locale === 'zh-CN' ? reason.zh : reason.en}
                </label>
              ))}
            </fieldset>
          )}
          {survey.commentEnabled && (
            <label class="survey__comment">
              {t('survey.comment')}
              <textarea
                maxLength={2000}
                value={comment}
                onInput={(event) => setComment((event.target as HTMLTextAreaElement).value)}
              />
            </label>
          )}
          <button type="submit" class="button" disabled={state === 'saving'}>
            {t('survey.send')}
          </button>
        </form>
      )}
      <p class="survey__status" role="status">
        {!open
          ? t('survey.closed')
          : state === 'error'
            ? t('error.generic')
            : answered
              ? `${t('survey.thanks')} ${t('survey.change')}`
              : ''}
      </p>
    </section>
  );
}
