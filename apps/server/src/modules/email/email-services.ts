import type { BlobStore } from '../../blob/blob-store.ts';
import type { ConversationService } from '../conversations/conversation.service.ts';
import type { MessageService } from '../conversations/message.service.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { InboundMailService, processInboundJob } from './inbound-mail.service.ts';
import {
  type InboundOptions,
  InboundProcessor,
  defaultInboundOptions,
} from './inbound-processor.service.ts';
import { MailChannelService } from './mail-channel.service.ts';
import type { MailTransport } from './mail-transport.ts';
import { OutboundMailService, sendMailJob } from './outbound-mail.service.ts';

/** The email channel's services, and its two jobs registered on the runner. */
export function createEmailServices(
  deps: ServiceDeps,
  input: {
    blobs: BlobStore;
    jobs: JobRunner;
    transport: MailTransport;
    smtpUrl: string | null;
    inbound?: InboundOptions;
  },
) {
  const wake = () => input.jobs.wake();
  const inbound = new InboundMailService(deps, input.blobs, wake);
  const outbound = new OutboundMailService(deps, input.blobs, input.transport, {
    smtpUrl: input.smtpUrl,
  });
  return {
    inbound,
    outbound,
    /** MessageService and the processor need each other's halves; bound after both exist. */
    bind(
      conversations: ConversationService,
      messages: MessageService,
      /** Runs after a processed mail committed (routing a conversation it opened). */
      afterProcessed: (inboundEmailId: string) => Promise<void> = async () => undefined,
    ) {
      const processor = new InboundProcessor(
        deps,
        input.blobs,
        inbound,
        conversations,
        messages,
        outbound,
        input.inbound ?? defaultInboundOptions,
      );
      input.jobs.register({
        kind: processInboundJob,
        run: async (job) => {
          const outcome = await processor.run(job);
          if (!outcome) await afterProcessed(String(job.payload.inboundEmailId));
          return outcome;
        },
      });
      input.jobs.register({ kind: sendMailJob, run: (job) => outbound.send(job) });
      return {
        inbound,
        outbound,
        processor,
        channels: new MailChannelService(deps, inbound, outbound, wake),
      };
    },
  };
}
