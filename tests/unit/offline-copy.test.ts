/** The worker's check that a kept account page belongs to the session the browser is in now, without a browser. */
import { describe, expect, it } from 'vitest';
import { OFFLINE_COPY_EXPIRES_HEADER, OFFLINE_COPY_TAG_HEADER, offlineCopyBelongsHere, offlineCopyExpiry } from '../../sw/offline-copy.ts';

const KEPT_AT = Date.parse('2026-12-04T08:00:00Z');

describe('the offline copy’s end', () => {
  it('counts the seconds the account page gave from the moment the copy is kept', () => {
    expect(offlineCopyExpiry('43200', KEPT_AT)).toBe(KEPT_AT + 43_200_000);
    expect(offlineCopyExpiry('0', KEPT_AT)).toBe(KEPT_AT);
  });

  it('has none when the page gave no seconds it can read, so such a page is never kept', () => {
    for (const maxAge of [null, '', '-5', '1e9', '12.5', ' 60', 'soon'])
      expect(offlineCopyExpiry(maxAge, KEPT_AT), String(maxAge)).toBeNull();
  });
});

describe('whose the offline copy is', () => {
  const kept = (headers: Record<string, string>) => new Headers(headers);
  const until = String(KEPT_AT + 60_000);
  const copy = kept({ [OFFLINE_COPY_TAG_HEADER]: 'tag-A', [OFFLINE_COPY_EXPIRES_HEADER]: until });

  it('is shown while the browser is in the same session, before that session’s limit', () => {
    expect(offlineCopyBelongsHere(copy, 'tag-A', KEPT_AT)).toBe(true);
    expect(offlineCopyBelongsHere(copy, 'tag-A', KEPT_AT + 59_999)).toBe(true);
  });

  it('is not shown once the session’s absolute limit has come', () => {
    expect(offlineCopyBelongsHere(copy, 'tag-A', KEPT_AT + 60_000)).toBe(false);
  });

  it('is not shown in another session, or when the browser has none or the worker cannot tell', () => {
    expect(offlineCopyBelongsHere(copy, 'tag-B', KEPT_AT)).toBe(false);
    expect(offlineCopyBelongsHere(copy, null, KEPT_AT)).toBe(false);
  });

  it('is not shown when it carries no tag or no end', () => {
    expect(offlineCopyBelongsHere(kept({ [OFFLINE_COPY_EXPIRES_HEADER]: until }), 'tag-A', KEPT_AT)).toBe(false);
    expect(offlineCopyBelongsHere(kept({ [OFFLINE_COPY_TAG_HEADER]: 'tag-A' }), 'tag-A', KEPT_AT)).toBe(false);
    expect(offlineCopyBelongsHere(kept({ [OFFLINE_COPY_TAG_HEADER]: 'tag-A', [OFFLINE_COPY_EXPIRES_HEADER]: '' }), 'tag-A', KEPT_AT)).toBe(
      false,
    );
  });
});
