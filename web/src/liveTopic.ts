/**
 * What on `/live` makes a resource stale: a stream, by its beginning (`identity-application/` is every
 * application, `incident/CASA-2026-000123` one incident), and, when given, only events whose type begins
 * with one of `types` (`incident.unit_` is every unit event of the incident).
 */
export type LiveTopic = string | { readonly stream: string; readonly types: readonly string[] };

/** Whether an event of `stream` and `type` concerns one of `topics`; no topic, no event concerns it. */
export function concernsTopic(topics: readonly LiveTopic[], event: { readonly stream: string; readonly type: string }): boolean {
  return topics.some((topic) =>
    typeof topic === 'string' ? event.stream.startsWith(topic) : event.stream.startsWith(topic.stream) && topic.types.some((type) => event.type.startsWith(type)),
  );
}
