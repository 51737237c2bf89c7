import { CSRF_FIELD } from '../../src/http/csrf.ts';

/** The hidden CSRF input every POST form carries. */
export function CsrfField({ token }: { token: string | null }) {
  return token ? <input type="hidden" name={CSRF_FIELD} value={token} /> : null;
}
