/**
 * `npm run make:icons`: draws the home-screen icons (192 and 512 px, and a
 * 512 px maskable one) from static/icons/icon.svg in Chromium, so the PNGs
 * in git always match the SVG. Run it after changing the SVG, then commit.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { staticDir } from '../src/http/assets.ts';

const iconsDir = path.join(staticDir, 'icons');
const svg = readFileSync(path.join(iconsDir, 'icon.svg'), 'utf8');
const background = /fill="(#[0-9a-f]{6})"/i.exec(svg)?.[1] ?? '#ffffff';

/** A launcher may crop a maskable icon to a circle of 80 % of its width: the drawing shrinks into that safe zone on a full background. */
const MASKABLE_SCALE = 0.7;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  for (const { file, size, maskable } of [
    { file: 'icon-192.png', size: 192, maskable: false },
    { file: 'icon-512.png', size: 512, maskable: false },
    { file: 'icon-maskable-512.png', size: 512, maskable: true },
  ]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const drawn = maskable ? size * MASKABLE_SCALE : size;
    const image = `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${drawn}" height="${drawn}">`;
    await page.setContent(
      `<body style="margin:0;display:grid;place-items:center;height:${size}px;background:${maskable ? background : 'transparent'}">${image}</body>`,
    );
    await page.screenshot({ path: path.join(iconsDir, file), omitBackground: !maskable });
    await page.close();
    console.log(`${file}: ${size}×${size}${maskable ? ' maskable' : ''}`);
  }
} finally {
  await browser.close();
}
