import type { VisitorProfile } from '@kefu/contracts';
import { AppError } from '../../lib/errors.ts';
import type { CustomerService } from '../customers/customer.service.ts';
import { identityKey } from '../customers/identity.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { VisitorActor, VisitorSessionService } from './visitor-session.service.ts';

/**
 * What a visitor tells about themselves: a name, and an email to be answered at later. An email
 * that already belongs to another customer is kept only as an unverified attribute: typing
 * someone's address must never attach their history to this browser.
 */
export class VisitorProfileService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly customers: CustomerService,
    private readonly sessions: VisitorSessionService,
  ) {}

  async update(
    visitor: VisitorActor,
    input: { name?: string | undefined; email?: string | undefined },
  ): Promise<VisitorProfile> {
    if (input.name !== undefined)
      await this.customers.update(visitor, visitor.customerId, { name: input.name });
    if (input.email !== undefined) await this.addEmail(visitor, input.email);
    return this.sessions.profile(visitor.workspaceId, visitor.customerId, visitor.identified);
  }

  private async addEmail(visitor: VisitorActor, email: string) {
    const key = identityKey('email', email, 'email');
    const owner = await this.deps.uow.read((repos) =>
      repos.customers.findIdentity(visitor.workspaceId, 'email', key),
    );
    if (owner?.customer_id === visitor.customerId) return;
    if (!owner) {
      try {
        await this.customers.addIdentityTo(visitor, visitor.customerId, {
          kind: 'email',
          value: email,
        });
        return;
      } catch (error) {
        // Someone else took the address in the meantime: fall through to the attribute.
        if (!(error instanceof AppError) || error.code !== 'already_exists') throw error;
      }
    }
    await this.customers.update(visitor, visitor.customerId, {
      attributes: { unverifiedEmail: email },
    });
  }
}
