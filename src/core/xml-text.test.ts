import { describe, expect, it } from 'vitest';
import { escapeXml } from './xml-text.js';

describe('escapeXml', () => {
  it('turns the five markup characters into references and leaves the rest, Arabic included', () => {
    expect(escapeXml(`Rue d'Anfa <A & B> "nord" درب`)).toBe('Rue d&apos;Anfa &lt;A &amp; B&gt; &quot;nord&quot; درب');
  });

  it('escapes an ampersand once, even before what looks like a reference', () => {
    expect(escapeXml('&amp;')).toBe('&amp;amp;');
  });
});
