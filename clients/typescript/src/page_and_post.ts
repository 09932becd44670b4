// Posts one article, then pages through its events with the cursor, through a client whose
// types come from the committed contract (build/schema.ts, made by `npm run generate`: openapi-typescript).
// Usage: node dist/src/page_and_post.js BASE_URL   (API key in MIGEVENTS_KEY, article text on stdin;
// Node 18, Debian bookworm's, or later: fetch is global)
// Prints one JSON line: what was created and every event id in page order.
import createClient from "openapi-fetch";
import type { components, paths } from "../build/schema.js";

type Event = components["schemas"]["EventRead"];

const [baseUrl] = process.argv.slice(2);
const key = process.env.MIGEVENTS_KEY;
if (!baseUrl || !key) throw new Error("usage: page_and_post.js BASE_URL (MIGEVENTS_KEY set)");

const api = createClient<paths>({ baseUrl, headers: { "X-API-Key": key } });

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const text = Buffer.concat(chunks).toString("utf8");
const posted = await api.POST("/v1/articles", {
  body: { text, url: "https://example.org/typescript-client", outlet: "TS client", published_at: "2025-05-05" },
});
if (!posted.data) throw new Error(`POST /v1/articles: ${posted.response.status} ${JSON.stringify(posted.error)}`);
const articleId: number = posted.data.article.id;

// The contract is strict enough to refuse wrong calls at compile time (tsc fails on an unused directive).
// @ts-expect-error: limit is an integer, not a string
void api.GET("/v1/events", { params: { query: { limit: "ten" } }, signal: AbortSignal.abort() }).catch(() => {});
// @ts-expect-error: no such path in the contract
void api.GET("/v1/event", {}).catch(() => {});

const pages: number[][] = [];
let cursor: string | undefined;
do {
  const query = cursor === undefined ? { article: articleId, limit: 2 } : { article: articleId, limit: 2, cursor };
  const page = await api.GET("/v1/events", { params: { query } });
  if (!page.data) throw new Error(`GET /v1/events: ${page.response.status} ${JSON.stringify(page.error)}`);
  const events: Event[] = page.data.items;
  pages.push(events.map((e) => e.id));
  cursor = page.data.next_cursor ?? undefined;
} while (cursor !== undefined);

const again = await api.POST("/v1/articles", { body: { text, url: "https://example.org/typescript-client" } });
console.log(
  JSON.stringify({
    status: posted.response.status,
    created: posted.data.created,
    article_id: articleId,
    annotation: posted.data.annotation,
    pages,
    repeat_status: again.response.status,
    repeat_created: again.data?.created ?? null,
  }),
);
