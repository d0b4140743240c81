import {
  Conversation,
  CreateCustomerBodyChecked,
  CreateCustomerNoteBody,
  Customer,
  CustomerListQuery,
  CustomerMergeBody,
  CustomerNote,
  IdParams,
  IdentityInput,
  UpdateCustomerBody,
  pageOf,
} from '@kefu/contracts';
import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';

const IdentityParams = z.strictObject({ id: z.uuid(), identityId: z.uuid() });
const CustomerConversationsQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const customerRoutes = [
  defineRoute({
    method: 'POST',
    path: '/api/v1/customers',
    summary: 'Create a customer with identities',
    tag: 'customers',
    access: 'customers:write',
    body: CreateCustomerBodyChecked,
    response: Customer,
    status: 201,
    handler: ({ services, actor, body }) => services.customers.create(actor, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/customers',
    summary: 'List or search customers',
    tag: 'customers',
    access: 'customers:read',
    query: CustomerListQuery,
    response: pageOf(Customer),
    handler: ({ services, actor, query }) => services.customers.list(actor, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/customers/:id',
    summary: 'Read a customer profile',
    tag: 'customers',
    access: 'customers:read',
    params: IdParams,
    response: Customer,
    handler: ({ services, actor, params }) => services.customers.get(actor, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/v1/customers/:id',
    summary: 'Update a customer profile',
    tag: 'customers',
    access: 'customers:write',
    params: IdParams,
    body: UpdateCustomerBody,
    response: Customer,
    handler: ({ services, actor, params, body }) =>
      services.customers.update(actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/customers/:id/identities',
    summary: 'Add an email, phone, visitor or external identity',
    tag: 'customers',
    access: 'customers:write',
    params: IdParams,
    body: IdentityInput,
    response: Customer,
    status: 201,
    handler: ({ services, actor, params, body }) =>
      services.customers.addIdentityTo(actor, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/customers/:id/identities/:identityId',
    summary: 'Remove an identity',
    tag: 'customers',
    access: 'customers:write',
    params: IdentityParams,
    response: Customer,
    handler: ({ services, actor, params }) =>
      services.customers.removeIdentity(actor, params.id, params.identityId),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/customers/:id/merge',
    summary: 'Merge this customer into another (identities, notes and conversations move)',
    tag: 'customers',
    access: 'customers:write',
    params: IdParams,
    body: CustomerMergeBody,
    response: Customer,
    handler: ({ services, actor, params, body }) =>
      services.customers.merge(actor, params.id, body.targetId),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/customers/:id/notes',
    summary: 'Notes about a customer',
    tag: 'customers',
    access: 'customers:read',
    params: IdParams,
    response: z.object({ items: z.array(CustomerNote) }),
    handler: async ({ services, actor, params }) => ({
      items: await services.customers.listNotes(actor, params.id),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/customers/:id/notes',
    summary: 'Add a note about a customer',
    tag: 'customers',
    access: 'customers:write',
    params: IdParams,
    body: CreateCustomerNoteBody,
    response: CustomerNote,
    status: 201,
    handler: ({ services, actor, params, body }) =>
      services.customers.addNote(actor, params.id, body.body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/customers/:id/conversations',
    summary: "The customer's conversations on every channel, newest first",
    tag: 'customers',
    access: 'conversations:read',
    params: IdParams,
    query: CustomerConversationsQuery,
    response: pageOf(Conversation),
    handler: async ({ services, actor, params, query }) => {
      await services.customers.get(actor, params.id);
      return services.conversationQueries.list(actor, {
        customerId: params.id,
        sort: 'created_desc',
        cursor: query.cursor,
        limit: query.limit,
      });
    },
  }),
];
