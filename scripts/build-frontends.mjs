// Bundles the browser apps with esbuild into one folder the server serves as static files:
//   app/index.html, app/assets/app.{js,css}        the agent workspace (apps/web, React)
//   widget.js                                       the widget loader (apps/widget, plain TS)
//   widget/frame.html, widget/assets/frame.{js,css} the widget's iframe app (Preact)
//   demo.html                                       the demo shop page, filled in per request
// The HTML files reference their bundles with a content hash, so browsers never mix versions.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const defaultOutDir = path.join(root, '.tmp', 'public');

const shared = {
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  target: ['chrome111', 'firefox115', 'safari16.4'],
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  // Only types come from the contracts package; this alias keeps an accidental value import
  // pointing at the sources rather than failing.
  alias: { '@kefu/contracts': path.join(root, 'packages/contracts/src/index.ts') },
  metafile: true,
};

/** The widget's own esbuild options, shared with its bundle-size test when it provides them. */
async function widgetOptions() {
  const file = path.join(root, 'apps/widget/build.config.mjs');
  try {
    const mod = await import(pathToFileURL(file).href);
    return { loader: mod.loaderOptions ?? {}, frame: mod.frameOptions ?? {} };
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND') return { loader: {}, frame: {} };
    throw error;
  }
}

function hashOf(result) {
  const hash = createHash('sha256');
  for (const file of result.outputFiles) hash.update(file.contents);
  return hash.digest('hex').slice(0, 12);
}

async function emit(result) {
  for (const file of result.outputFiles) {
    await mkdir(path.dirname(file.path), { recursive: true });
    await writeFile(file.path, file.contents);
  }
  return hashOf(result);
}

function page({ lang, title, css, js, bodyClass = '' }) {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${css}">
<script type="module" src="${js}"></script>
</head>
<body${bodyClass ? ` class="${bodyClass}"` : ''}><div id="root"></div></body>
</html>
`;
}

/** Builds every browser bundle into `outDir` (replacing what was there). */
export async function buildFrontends({ outDir = defaultOutDir } = {}) {
  const started = Date.now();
  await rm(outDir, { recursive: true, force: true });
  const widget = await widgetOptions();

  const web = await build({
    ...shared,
    entryPoints: { app: path.join(root, 'apps/web/src/main.tsx') },
    outdir: path.join(outDir, 'app/assets'),
    format: 'esm',
    jsx: 'automatic',
    write: false,
  });
  const webHash = await emit(web);
  await writeFile(
    path.join(outDir, 'app/index.html'),
    page({
      lang: 'zh-CN',
      title: 'Kefu',
      css: `/app/assets/app.css?v=${webHash}`,
      js: `/app/assets/app.js?v=${webHash}`,
    }),
  );

  const frame = await build({
    ...shared,
    entryPoints: { frame: path.join(root, 'apps/widget/src/frame.tsx') },
    outdir: path.join(outDir, 'widget/assets'),
    format: 'esm',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    ...widget.frame,
    write: false,
  });
  const frameHash = await emit(frame);
  await writeFile(
    path.join(outDir, 'widget/frame.html'),
    page({
      lang: 'zh-CN',
      title: 'Kefu chat',
      css: `/widget/assets/frame.css?v=${frameHash}`,
      js: `/widget/assets/frame.js?v=${frameHash}`,
      bodyClass: 'kefu-frame',
    }),
  );

  const loader = await build({
    ...shared,
    entryPoints: [path.join(root, 'apps/widget/src/loader.ts')],
    outfile: path.join(outDir, 'widget.js'),
    format: 'iife',
    sourcemap: false,
    ...widget.loader,
    write: false,
  });
  await emit(loader);

  const demo = await readFile(path.join(root, 'apps/widget/demo.html'), 'utf8');
  await writeFile(path.join(outDir, 'demo.html'), demo);
  return { outDir, ms: Date.now() - started };
}

// `node scripts/build-frontends.mjs [outDir]`
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { outDir, ms } = await buildFrontends({ outDir: process.argv[2] ?? defaultOutDir });
  console.log(`Built the web apps into ${path.relative(process.cwd(), outDir) || '.'} in ${ms} ms`);
}
