/** A `next=` value kept only when it is a path on this site, never another origin. */
export function localPath(value: string | undefined, fallback = '/'): string {
  if (!value || value.length > 2000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  // Control characters could split headers or smuggle a scheme past the checks above.
  if (/\p{Cc}/u.test(value)) return fallback;
  return value;
}
