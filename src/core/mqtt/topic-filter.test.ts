import { describe, expect, it } from 'vitest';
import { TopicFilter, assertPublishTopic, topicFamily, topicFilterProblem } from './topic-filter.js';

describe('an MQTT topic filter', () => {
  const matches = (filter: string, topic: string) => new TopicFilter(filter).matches(topic);

  it('matches a topic level by level, exactly', () => {
    expect(matches('amane/units/car-12/position', 'amane/units/car-12/position')).toBe(true);
    expect(matches('amane/units/car-12/position', 'amane/units/car-1/position')).toBe(false);
    expect(matches('amane/units/car-1/position', 'amane/units/car-12/position')).toBe(false);
    expect(matches('amane/units', 'amane/units/car-12')).toBe(false);
    expect(matches('amane/units/car-12', 'amane/units')).toBe(false);
  });

  it('lets + stand for exactly one level, empty included', () => {
    expect(matches('amane/units/+/position', 'amane/units/car-12/position')).toBe(true);
    expect(matches('amane/units/+/position', 'amane/units//position')).toBe(true);
    expect(matches('amane/units/+/position', 'amane/units/car-12/status')).toBe(false);
    expect(matches('amane/units/+/position', 'amane/units/a/b/position')).toBe(false);
    expect(matches('amane/units/+', 'amane/units')).toBe(false);
    expect(matches('+/+', 'a/')).toBe(true);
  });

  it('lets # stand for any number of levels, the parent level included', () => {
    expect(matches('amane/cameras/#', 'amane/cameras/cam-0042/events/motion')).toBe(true);
    expect(matches('amane/cameras/#', 'amane/cameras')).toBe(true);
    expect(matches('amane/cameras/#', 'amane/camerasx')).toBe(false);
    expect(matches('#', 'anything/at/all')).toBe(true);
  });

  it('does not let a leading wildcard match the broker topics starting with $', () => {
    expect(matches('#', '$SYS/broker/heartbeat')).toBe(false);
    expect(matches('+/broker/heartbeat', '$SYS/broker/heartbeat')).toBe(false);
    expect(matches('$SYS/#', '$SYS/broker/heartbeat')).toBe(true);
  });

  it('refuses filters MQTT refuses, saying why', () => {
    expect(() => new TopicFilter('amane/#/position')).toThrow('has a # that is not alone in the last level');
    expect(() => new TopicFilter('amane/units/car+')).toThrow('has a + that is not alone in its level');
    expect(topicFilterProblem('')).toBe('is empty');
    expect(topicFilterProblem('amane/units/+/position')).toBeUndefined();
  });
});

describe('topics', () => {
  it('are counted by their first two levels', () => {
    expect(topicFamily('amane/units/car-12/position')).toBe('amane/units');
    expect(topicFamily('amane/units')).toBe('amane/units');
    expect(topicFamily('frigate')).toBe('frigate');
  });

  it('to publish to carry no wildcard', () => {
    expect(() => assertPublishTopic('amane/units/+/orders')).toThrow('has no wildcard');
    expect(() => assertPublishTopic('')).toThrow('is not empty');
    expect(() => assertPublishTopic('amane/units/car-12/orders')).not.toThrow();
  });
});
