/**
 * An MQTT topic filter (`amane/units/+/position`, `amane/cameras/#`), checked once and matched against
 * topics without splitting them: the hub matches every incoming message, tens of thousands a second.
 */
export class TopicFilter {
  private readonly levels: readonly string[];

  /** Throws on a filter MQTT would refuse: `#` not alone or not last, `+` not alone in its level. */
  constructor(readonly filter: string) {
    const problem = topicFilterProblem(filter);
    if (problem !== undefined) throw new Error(`MQTT topic filter "${filter}" ${problem}`);
    this.levels = filter.split('/');
  }

  /**
   * Whether `topic` matches. As MQTT says, `a/#` matches `a` too, and a filter starting with a wildcard
   * does not match topics starting with `$` (`$SYS/...`).
   */
  matches(topic: string): boolean {
    const levels = this.levels;
    const length = topic.length;
    let position = 0;
    for (let i = 0; i < levels.length; i += 1) {
      const level = levels[i]!;
      if (level === '#') return i > 0 || topic.charCodeAt(0) !== DOLLAR;
      if (position > length) return false;
      const slash = topic.indexOf('/', position);
      const end = slash === -1 ? length : slash;
      if (level === '+') {
        if (i === 0 && topic.charCodeAt(0) === DOLLAR) return false;
      } else if (end - position !== level.length || !topic.startsWith(level, position)) {
        return false;
      }
      position = end + 1;
    }
    return position === length + 1;
  }
}

const DOLLAR = 36;

/** What is wrong with a topic filter, or undefined when MQTT accepts it. */
export function topicFilterProblem(filter: string): string | undefined {
  if (filter.length === 0) return 'is empty';
  if (filter.includes('\u0000')) return 'contains a NUL character';
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i += 1) {
    const level = levels[i]!;
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) return 'has a # that is not alone in the last level';
    if (level.includes('+') && level !== '+') return 'has a + that is not alone in its level';
  }
  return undefined;
}

/** Throws unless `topic` is one the server may publish to: not empty, no wildcard, no NUL. */
export function assertPublishTopic(topic: string): void {
  if (topic === '' || topic.includes('+') || topic.includes('#') || topic.includes('\u0000')) {
    throw new Error(`cannot publish to MQTT topic "${topic}": a topic is not empty and has no wildcard`);
  }
}

/** The first two levels of a topic (`amane/units` for `amane/units/car-12/position`): metrics' label. */
export function topicFamily(topic: string): string {
  const first = topic.indexOf('/');
  if (first === -1) return topic;
  const second = topic.indexOf('/', first + 1);
  return second === -1 ? topic : topic.slice(0, second);
}
