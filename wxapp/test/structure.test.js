/** The project opens in WeChat DevTools as it is: config files and page files. */
const fs = require('fs')
const path = require('path')
const { ROOT } = require('./helpers')

const read = (rel) => JSON.parse(fs.readFileSync(path.join(ROOT, rel), 'utf8'))
const FOUR = ['.js', '.json', '.wxml', '.wxss']

const projectConfig = read('project.config.json')
const miniRoot = path.join(ROOT, projectConfig.miniprogramRoot || '')
const appJson = JSON.parse(fs.readFileSync(path.join(miniRoot, 'app.json'), 'utf8'))

test('project.config.json: the source is miniprogram/, so node_modules/, test/ and the npm files are never in the package', () => {
  expect(projectConfig.compileType).toBe('miniprogram')
  expect(projectConfig.miniprogramRoot).toBe('miniprogram/')
  for (const f of ['app.json', 'app.js', 'app.wxss', 'sitemap.json']) {
    expect(fs.existsSync(path.join(miniRoot, f))).toBe(true)
  }
  for (const outside of ['node_modules', 'test', 'package.json', 'package-lock.json', 'README.md']) {
    expect(fs.existsSync(path.join(miniRoot, outside))).toBe(false)
  }
})

test('project.config.json: JS, WXML and WXSS minification on', () => {
  expect(projectConfig.setting).toMatchObject({ minified: true, minifyWXML: true, minifyWXSS: true })
})

test('the README names what a release needs: the AppID, the domains, the privacy declarations, the base library', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  for (const words of ['AppID', '合法域名', 'envVersion', '隐私', 'chooseMedia', 'chooseMessageFile', 'setClipboardData', '基础库']) {
    expect(readme).toContain(words)
  }
})

test('config.js: each version has its own base URL; trial and release are https', () => {
  const { API_BASE_URLS } = require('../miniprogram/config') // eslint-disable-line global-require
  expect(Object.keys(API_BASE_URLS)).toEqual(['develop', 'trial', 'release'])
  expect(new Set(Object.values(API_BASE_URLS)).size).toBe(3)
  expect(API_BASE_URLS.trial).toMatch(/^https:\/\//)
  expect(API_BASE_URLS.release).toMatch(/^https:\/\//)
})

test.each(appJson.pages)('page %s has its four files', (page) => {
  for (const ext of FOUR) {
    expect(fs.existsSync(path.join(miniRoot, `${page}${ext}`))).toBe(true)
  }
})

test('the application pages are grouped under pages/application/', () => {
  const application = appJson.pages.filter((p) => p.startsWith('pages/application/'))
  expect(application).toEqual(expect.arrayContaining([
    'pages/application/index',
    'pages/application/basic/index',
    'pages/application/qualification/index',
    'pages/application/evaluation/index',
    'pages/application/specialties/index',
    'pages/application/experience/index',
    'pages/application/avoidance/index',
    'pages/application/renewal/index',
    'pages/application/commitment/index',
    'pages/application/review/index',
    'pages/application/desktop-upload/index',
  ]))
  // Every section page of utils/application.js is a page of the app.
  const { SECTIONS } = require('../miniprogram/utils/application') // eslint-disable-line global-require
  SECTIONS.forEach((s) => expect(appJson.pages).toContain(s.page.slice(1)))
})

test('every section page has a place for the reviewer\'s note under each of its fields', () => {
  const { SECTIONS } = require('../miniprogram/utils/application') // eslint-disable-line global-require
  const { placesOf } = require('../miniprogram/utils/review') // eslint-disable-line global-require
  SECTIONS.forEach((s) => {
    const wxml = fs.readFileSync(path.join(miniRoot, `${s.page.slice(1)}.wxml`), 'utf8')
    const json = JSON.parse(fs.readFileSync(path.join(miniRoot, `${s.page.slice(1)}.json`), 'utf8'))
    expect(json.usingComponents['review-note']).toBe('/components/review-note/index')
    expect(wxml).toContain('message="{{item}}"') // the notes on the section as a whole
    expect(wxml).toContain('{{generalNotes}}')
    placesOf(s).forEach((place) => {
      expect({ page: s.page, place, found: wxml.includes(`id="note-${place}"`) }).toEqual({ page: s.page, place, found: true })
    })
    ;(s.lists || []).forEach((list) => expect(wxml).toContain(`id="note-${list}-{{index}}"`))
  })
})

test('tab bar pages are pages', () => {
  for (const item of appJson.tabBar.list) expect(appJson.pages).toContain(item.pagePath)
})

test('every used component exists with its four files', () => {
  const used = new Set()
  const pending = appJson.pages.slice()
  while (pending.length) {
    const owner = pending.pop()
    const json = JSON.parse(fs.readFileSync(path.join(miniRoot, `${owner.replace(/^\//, '')}.json`), 'utf8'))
    Object.values(json.usingComponents || {}).forEach((p) => {
      if (!used.has(p)) pending.push(p) // components may use components
      used.add(p)
    })
  }
  expect(used.size).toBeGreaterThan(0)
  for (const comp of used) {
    expect(comp.startsWith('/')).toBe(true)
    for (const ext of FOUR) expect(fs.existsSync(path.join(miniRoot, `${comp}${ext}`))).toBe(true)
    expect(JSON.parse(fs.readFileSync(path.join(miniRoot, `${comp}.json`), 'utf8')).component).toBe(true)
  }
})

test('pages are built with Component() and do not need getApp()', () => {
  for (const page of appJson.pages) {
    const js = fs.readFileSync(path.join(miniRoot, `${page}.js`), 'utf8')
    expect(js).toMatch(/\bComponent\(\{/)
    expect(js).not.toMatch(/\bgetApp\(|\bPage\(\{/)
  }
})

test('every JSON file of the project parses', () => {
  const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (['node_modules', '.git'].includes(e.name)) return []
    const p = path.join(dir, e.name)
    return e.isDirectory() ? walk(p) : [p]
  })
  const jsonFiles = walk(ROOT).filter((p) => p.endsWith('.json'))
  expect(jsonFiles.length).toBeGreaterThan(10)
  for (const file of jsonFiles) expect(() => JSON.parse(fs.readFileSync(file, 'utf8'))).not.toThrow()
})
