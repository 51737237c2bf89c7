/** The web app manifest: Japanese names, the account page as the start, icons by their hashed URLs. */
import type { AppDeps } from '../http/env.ts';
import { translator } from '../i18n/index.ts';

/** The header band's colour (static/app.css --band) and the page's paper. */
const THEME_COLOR = '#1d4e89';
const BACKGROUND_COLOR = '#ffffff';

export function webAppManifest({ config, assets }: Pick<AppDeps, 'config' | 'assets'>) {
  const t = translator('ja');
  return {
    id: '/',
    name: config.rules.libraryName.ja,
    short_name: t('pwa.shortName'),
    description: t('pwa.description'),
    lang: 'ja',
    dir: 'ltr',
    start_url: '/account',
    scope: '/',
    display: 'standalone',
    theme_color: THEME_COLOR,
    background_color: BACKGROUND_COLOR,
    icons: [
      { src: assets.url('icons/icon.svg'), sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
      { src: assets.url('icons/icon-192.png'), sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: assets.url('icons/icon-512.png'), sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: assets.url('icons/icon-maskable-512.png'), sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}
