import { RetrievalIndex } from '@kefu/text';
import type { UnitOfWork } from '../../db/unit-of-work.ts';
import { contentTerms, nearTheBest, sharesContent } from './content-terms.ts';

/** Canned responses beyond this many are not ranked (a workspace has tens, rarely hundreds). */
const maxCanned = 2000;

export interface CannedSuggestion {
  id: string;
  title: string;
  body: string;
  score: number;
  confidence: number;
}

interface Built {
  fingerprint: string;
  index: RetrievalIndex;
  responses: Map<string, { title: string; body: string }>;
}

/**
 * Canned responses ranked by similarity to the customer's question, over one in-memory index
 * per workspace. A cheap fingerprint (count and latest change) is read on each request and the
 * index is rebuilt only when it differs, so edits on any node show at once without hooks into
 * the canned-response service.
 */
export class CannedSuggestions {
  private readonly built = new Map<string, Built>();

  constructor(private readonly uow: UnitOfWork) {}

  async search(workspaceId: string, query: string, limit: number): Promise<CannedSuggestion[]> {
    const { index, responses } = await this.get(workspaceId);
    // No language filter: canned responses have none, and words of another language never match.
    const asked = contentTerms(query);
    const out: CannedSuggestion[] = [];
    for (const hit of index.search(query, { limit: limit * 2 + 5 })) {
      const response = responses.get(hit.id);
      if (!response || !sharesContent(asked, `${response.title}\n${response.body}`)) continue;
      out.push({ id: hit.id, ...response, score: hit.score, confidence: hit.confidence });
      if (out.length === limit) break;
    }
    return nearTheBest(out);
  }

  private async get(workspaceId: string): Promise<Built> {
    const fingerprint = await this.uow.read((repos) => repos.assist.cannedFingerprint(workspaceId));
    const current = this.built.get(workspaceId);
    if (current?.fingerprint === fingerprint) return current;
    const rows = await this.uow.read((repos) =>
      repos.assist.cannedResponses(workspaceId, maxCanned),
    );
    const index = new RetrievalIndex();
    const responses = new Map<string, { title: string; body: string }>();
    for (const row of rows) {
      responses.set(row.id, { title: row.title, body: row.body });
      index.add({ id: row.id, language: 'und', title: row.title, body: row.body, questions: [] });
    }
    const next = { fingerprint, index, responses };
    this.built.set(workspaceId, next);
    return next;
  }
}
