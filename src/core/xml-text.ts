/**
 * Text as XML character data or an attribute value (either quote), and as HTML5 text: the five
 * characters markup gives a meaning to become references.
 * @example escapeXml('Rue d\'Anfa <A & B>') // 'Rue d&apos;Anfa &lt;A &amp; B&gt;'
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => MARKUP_REFERENCES[c]!);
}

const MARKUP_REFERENCES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
