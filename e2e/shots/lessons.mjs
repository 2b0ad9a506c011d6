// Screenshots of three lessons for the README (docs/screenshots/lesson-*.png): each opened
// from the picker and walked halfway with "Show me". Needs a release build in dist/ (or
// E2E_DIST). Run: `node e2e/shots/lessons.mjs`.
import path from 'node:path';
import { launch, REPO } from '../lib/app.mjs';
import { serveDist } from '../lib/server.mjs';

const SHOTS = [
  [6, 2, 'lesson-queue-groups'],
  [10, 2, 'lesson-concurrency'],
  [14, 2, 'lesson-durable'],
];

const server = await serveDist(process.env.E2E_DIST ?? path.join(REPO, 'dist'));
try {
  for (const [n, showMe, name] of SHOTS) {
    const context = await launch({ viewport: { width: 1280, height: 720 } });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.baseUrl);
    await page.click(`[data-testid=open-lesson-${n}]`);
    await page.waitForSelector('[data-testid=lesson-tasks]');
    for (let i = 0; i < showMe; i++) {
      await page.click('[data-testid=show-me]');
      await page.waitForTimeout(300);
    }
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(REPO, 'docs', 'screenshots', `${name}.png`) });
    await context.close();
    console.log(`docs/screenshots/${name}.png`);
  }
} finally {
  await server.stop();
}
