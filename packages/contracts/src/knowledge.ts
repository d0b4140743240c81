import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { CustomerTier } from './customers.ts';

/**
 * An article or category language: a BCP 47 tag with an optional region or script
 * (`zh-CN`, `en`, `ja`, `zh-Hant`). The help center's own words exist in zh-CN and en.
 */
export const KbLocale = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Z]{2}|-[A-Z][a-z]{3})?$/, 'a language tag such as zh-CN or en');
export type KbLocale = z.infer<typeof KbLocale>;

export const KbVisibility = z.enum(['public', 'internal']);
export type KbVisibility = z.infer<typeof KbVisibility>;

/** A language of an article: never published, published, or published with unpublished changes. */
export const KbTranslationStatus = z.enum(['draft', 'published', 'changed']);
export type KbTranslationStatus = z.infer<typeof KbTranslationStatus>;

const CategoryText = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(1000).default(''),
});

const CategoryTranslations = z
  .record(KbLocale, CategoryText)
  .refine((value) => Object.keys(value).length > 0, 'at least one language')
  .refine((value) => Object.keys(value).length <= 20, 'at most 20 languages');

export const KbCategory = z.object({
  id: Id,
  position: z.number().int(),
  translations: z.record(z.string(), z.object({ name: z.string(), description: z.string() })),
  articleCount: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type KbCategory = z.infer<typeof KbCategory>;

export const CreateKbCategoryBody = z.strictObject({ translations: CategoryTranslations });

export const UpdateKbCategoryBody = z
  .strictObject({
    translations: CategoryTranslations.optional(),
    position: z.number().int().min(0).max(100_000).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to update');

/** Example questions a reader might ask ("How do I change my address?"); they help matching. */
const Questions = z.array(z.string().trim().min(1).max(300)).max(20);
/** Article HTML from the editor; the server sanitizes it before storing. */
const BodyHtml = z.string().max(200_000);
const AudienceTiers = z.array(CustomerTier).min(1).max(10).nullable();

export const KbArticleContent = z.object({
  title: z.string(),
  bodyHtml: z.string(),
  questions: z.array(z.string()),
});

export const KbTranslation = z.object({
  locale: z.string(),
  status: KbTranslationStatus,
  draft: KbArticleContent.extend({ updatedAt: Timestamp, updatedBy: Id.nullable() }),
  published: KbArticleContent.extend({
    version: z.number().int(),
    publishedAt: Timestamp,
    publishedBy: Id.nullable(),
  }).nullable(),
});
export type KbTranslation = z.infer<typeof KbTranslation>;

export const KbArticle = z.object({
  id: Id,
  categoryId: Id.nullable(),
  visibility: KbVisibility,
  /** null: every customer; otherwise only these tiers (never shown in the public help center). */
  audienceTiers: z.array(z.string()).nullable(),
  translations: z.array(KbTranslation),
  views: z.number().int(),
  helpful: z.number().int(),
  notHelpful: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type KbArticle = z.infer<typeof KbArticle>;

/** An article in a list: each language's title and status, not the bodies. */
export const KbArticleSummary = KbArticle.omit({ translations: true }).extend({
  translations: z.array(
    z.object({
      locale: z.string(),
      title: z.string(),
      status: KbTranslationStatus,
      updatedAt: Timestamp,
    }),
  ),
});
export type KbArticleSummary = z.infer<typeof KbArticleSummary>;

export const KbArticleListQuery = z.strictObject({
  categoryId: Id.optional(),
  q: z.string().trim().max(200).optional(),
});

export const CreateKbArticleBody = z.strictObject({
  categoryId: Id.nullable().default(null),
  visibility: KbVisibility.default('public'),
  audienceTiers: AudienceTiers.default(null),
  locale: KbLocale,
  title: z.string().trim().min(1).max(300),
  bodyHtml: BodyHtml.default(''),
  questions: Questions.default([]),
  publish: z.boolean().default(false),
});

export const UpdateKbArticleBody = z
  .strictObject({
    categoryId: Id.nullable().optional(),
    visibility: KbVisibility.optional(),
    audienceTiers: AudienceTiers.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to update');

/** Saves one language's draft (creating that language when it is new). */
export const SaveKbDraftBody = z.strictObject({
  locale: KbLocale,
  title: z.string().trim().min(1).max(300),
  bodyHtml: BodyHtml,
  questions: Questions.default([]),
});

export const KbLocaleBody = z.strictObject({ locale: KbLocale });
export const KbTranslationParams = z.strictObject({ id: Id, locale: KbLocale });
export const KbVersionsQuery = z.strictObject({ locale: KbLocale.optional() });

export const KbVersion = z.object({
  id: Id,
  locale: z.string(),
  version: z.number().int(),
  title: z.string(),
  bodyHtml: z.string(),
  questions: z.array(z.string()),
  publishedBy: Id.nullable(),
  publishedAt: Timestamp,
});
export type KbVersion = z.infer<typeof KbVersion>;

export const KbVersionParams = z.strictObject({ id: Id, versionId: Id });

export const KbFeedbackEntry = z.object({
  id: Id,
  locale: z.string(),
  helpful: z.boolean(),
  reason: z.string().nullable(),
  createdAt: Timestamp,
});

export const KbFile = z.object({ id: Id, url: z.string() });
export type KbFile = z.infer<typeof KbFile>;

export const KbSearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(500),
  locale: KbLocale.optional(),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});

/** A search hit: the article, its best passage, and how sure the match is (0–1). */
export const KbSearchHit = z.object({
  articleId: Id,
  locale: z.string(),
  title: z.string(),
  passage: z.string(),
  score: z.number(),
  confidence: z.number(),
  visibility: KbVisibility,
  /** The article on the public help center; null for internal or restricted articles. */
  url: z.string().nullable(),
});
export type KbSearchHit = z.infer<typeof KbSearchHit>;
