import { Company, CreateCompanyBody, IdParams, UpdateCompanyBody } from '@kefu/contracts';
import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';

export const companyRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/companies',
    summary: 'List companies',
    tag: 'customers',
    access: 'customers:read',
    response: z.object({ items: z.array(Company) }),
    handler: async ({ services, actor }) => ({ items: await services.companies.list(actor) }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/companies',
    summary: 'Create a company',
    tag: 'customers',
    access: 'customers:write',
    body: CreateCompanyBody,
    response: Company,
    status: 201,
    handler: ({ services, actor, body }) => services.companies.create(actor, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/companies/:id',
    summary: 'Read a company',
    tag: 'customers',
    access: 'customers:read',
    params: IdParams,
    response: Company,
    handler: ({ services, actor, params }) => services.companies.get(actor, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/v1/companies/:id',
    summary: 'Update a company',
    tag: 'customers',
    access: 'customers:write',
    params: IdParams,
    body: UpdateCompanyBody,
    response: Company,
    handler: ({ services, actor, params, body }) =>
      services.companies.update(actor, params.id, body),
  }),
];
