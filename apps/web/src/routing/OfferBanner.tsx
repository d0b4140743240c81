import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorMessage } from '../i18n/errors.ts';
import { api } from '../lib/api.ts';
import { navigate } from '../lib/router.tsx';
import { useToast } from '../ui/Toaster.tsx';
import type { MyOffers } from './types.ts';

const pollMs = 4000;

/** Conversations routing offered this agent: accept before the offer moves on. */
export function OfferBanner() {
  const { t } = useI18n();
  const toast = useToast();
  const [offers, setOffers] = useState<MyOffers['items']>([]);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    let live = true;
    const load = () =>
      api.get<MyOffers>('/me/offers').then(
        (page) => live && setOffers(page.items),
        () => undefined,
      );
    void load();
    const poll = window.setInterval(() => void load(), pollMs);
    const tick = window.setInterval(() => setNow(Date.now()), 1000);
    return () => {
      live = false;
      window.clearInterval(poll);
      window.clearInterval(tick);
    };
  }, []);

  const accept = (conversationId: string) =>
    api.post(`/conversations/${conversationId}/accept`).then(
      () => {
        setOffers((list) => list.filter((offer) => offer.conversationId !== conversationId));
        navigate(`/app/inbox/mine/${conversationId}`);
      },
      (error: unknown) => toast.error(errorMessage(error, t)),
    );

  const visible = offers.filter((offer) => Date.parse(offer.expiresAt) > now);
  if (visible.length === 0) return null;
  return (
    <div className="offer-stack" role="status">
      {visible.map((offer) => (
        <div key={offer.conversationId} className="offer-card">
          <div>
            <p>
              <strong>{t('presence.offer', { number: String(offer.number) })}</strong>
            </p>
            <p className="muted small">
              {t('presence.offerExpires', {
                seconds: String(Math.max(0, Math.ceil((Date.parse(offer.expiresAt) - now) / 1000))),
              })}
            </p>
          </div>
          <button
            type="button"
            className="button button-primary"
            onClick={() => void accept(offer.conversationId)}
          >
            {t('presence.offerAccept')}
          </button>
        </div>
      ))}
    </div>
  );
}
