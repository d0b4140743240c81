import type { QueuePosition } from '@kefu/contracts';
import { useEffect, useState } from 'preact/hooks';
import type { Translate } from '../i18n/i18n.ts';

const pollMs = 15_000;

/**
 * "You are number N in line, about M minutes" while the chat waits for an agent. Asks again
 * every 15 s while queued and whenever a message arrives; says nothing once an agent has it.
 */
export function QueueNotice(props: {
  t: Translate;
  load: () => Promise<QueuePosition | null>;
  nudge: number;
}) {
  const { t, load, nudge } = props;
  const [place, setPlace] = useState<QueuePosition | null>(null);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = () =>
      load().then(
        (next) => {
          if (!live) return;
          setPlace(next);
          if (next?.queued) timer = setTimeout(() => void ask(), pollMs);
        },
        () => undefined,
      );
    void ask();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [nudge]);

  if (!place?.queued || place.position === null) return null;
  return (
    <p class="banner banner--info" role="status" data-queue-position={place.position}>
      {place.estimatedWaitMinutes === null
        ? t('queue.positionOnly', { position: place.position })
        : t('queue.position', { position: place.position, minutes: place.estimatedWaitMinutes })}
    </p>
  );
}
