import { ApiError } from './api';
import { i18nInForce } from './i18n';
import { refusalText } from './refusal';

/**
 * What a refused request said, for a toast or a line under a form, in the operator's language: words
 * for its problem code and parameters (the server's own sentence is English, for logs).
 */
export function problemText(failure: unknown): string {
  const i18n = i18nInForce();
  if (!(failure instanceof ApiError)) return i18n.t('problem.network');
  return refusalText(i18n, failure);
}
