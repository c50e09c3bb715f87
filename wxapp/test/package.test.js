/**
 * The package as WeChat would build it, checked offline by miniprogram-ci (analyseCode and
 * checkCodeQuality, in their own process: test/tools/code-quality.js): no missing or unused files,
 * nothing from node_modules/ or test/, the main package under 2 MB, minification on.
 */
const fs = require('fs')
const path = require('path')
const { spawnSync } = require('child_process')
const { MINI_ROOT } = require('./helpers')

const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024

let report

beforeAll(() => {
  const run = spawnSync(process.execPath, [path.join(__dirname, 'tools', 'code-quality.js')], { encoding: 'utf8', timeout: 120000 })
  if (run.status !== 0) throw new Error(`miniprogram-ci failed: ${run.stderr}`)
  report = JSON.parse(run.stdout.trim().split('\n').pop())
})

test('every check of checkCodeQuality passes', () => {
  const failed = report.quality.filter((q) => !q.success).map((q) => `${q.name}: ${q.text} ${JSON.stringify(q.detail || '')}`)
  expect(failed).toEqual([])
  const names = report.quality.map((q) => q.name)
  expect(names).toEqual(expect.arrayContaining([
    'PACKAGE_SIZE_LIMIT', 'WXML_COMPRESS_OPEN', 'WXSS_COMPRESS_OPEN', 'JS_COMPRESS_OPEN', 'CONTAINS_UNUSED_CODES',
    'CONTAINS_UNUSED_COMPONENTS',
  ]))
})

test('the main package is under 2 MB and holds only the mini-program', () => {
  const size = report.analysis.files.reduce((sum, f) => sum + f.size, 0)
  expect(size).toBeLessThan(MAIN_PACKAGE_LIMIT)
  const tops = new Set(report.analysis.files.map((f) => f.path.split('/')[0]))
  expect([...tops].filter((t) => ['node_modules', 'test', 'package.json', 'package-lock.json', 'README.md'].includes(t))).toEqual([])
})

test('no file the code refers to is missing', () => {
  const missing = report.analysis.modules
    .filter((m) => m.path && !fs.existsSync(path.join(MINI_ROOT, m.path)))
    .map((m) => `${m.id} (from ${(m.parentDeps || []).map((d) => d.originModuleId).join(', ')})`)
  expect(missing).toEqual([])
  const pages = report.analysis.modules.filter((m) => m.type === 'Page').map((m) => m.path.replace(/\.json$/, ''))
  expect(pages).toEqual(expect.arrayContaining(['pages/home/index', 'pages/application/specialties/index']))
})
