/**
 * Readable and tappable for older applicants, checked on the source of every page and component:
 * text at least 15px (in px: rpx shrinks on a narrow phone), every text colour at least 4.5:1
 * against its background, every tap target at least 44px high, no size="mini" buttons, and
 * choices and checkboxes that announce their state (aria-checked / aria-selected).
 */
const fs = require('fs')
const path = require('path')
const parse5 = require('parse5')
const { MINI_ROOT } = require('./helpers')

const MIN_FONT_PX = 15
const MIN_CONTRAST = 4.5
const MIN_TAP_PX = 44
const PAGE_BACKGROUNDS = ['#ffffff', '#f4f5f7'] // cards and the page

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? walk(p) : [p]
  })
}

const FILES = walk(MINI_ROOT)
const rel = (p) => path.relative(MINI_ROOT, p)
const read = (p) => fs.readFileSync(p, 'utf8')

/** [{file, selectors: [..], decls: {prop: value}}] of one WXSS file. */
function rules(file) {
  const text = read(file).replace(/\/\*[\s\S]*?\*\//g, '')
  return [...text.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map((m) => {
    const decls = {}
    m[2].split(';').forEach((d) => {
      const i = d.indexOf(':')
      if (i > 0) decls[d.slice(0, i).trim()] = d.slice(i + 1).replace('!important', '').trim()
    })
    return { file: rel(file), selectors: m[1].split(',').map((s) => s.trim()), decls }
  })
}

const WXSS = FILES.filter((f) => f.endsWith('.wxss'))
const ALL_RULES = WXSS.flatMap(rules)

function hex(value) {
  let h = String(value || '').trim().toLowerCase()
  if (!/^#([0-9a-f]{3}|[0-9a-f]{6})$/.test(h)) return null
  if (h.length === 4) h = `#${h[1]}${h[1]}${h[2]}${h[2]}${h[3]}${h[3]}`
  return h
}

function luminance(color) {
  const channel = (i) => {
    const c = parseInt(color.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

/** Rules whose text sits on a background set by another rule: selector → that background. */
const BACKGROUND_ELSEWHERE = {
  '.box': '#1d5fb4', // the ✓ shows only on .box.on
}

test('every font size is in px and at least 15px', () => {
  const small = ALL_RULES.filter((r) => r.decls['font-size'])
    .filter((r) => {
      const m = /^(\d+(?:\.\d+)?)px$/.exec(r.decls['font-size'])
      return !m || Number(m[1]) < MIN_FONT_PX
    })
    .map((r) => `${r.file} ${r.selectors.join(',')}: ${r.decls['font-size']}`)
  expect(small).toEqual([])
})

test('every text colour has a contrast of at least 4.5:1 with its background', () => {
  const poor = []
  ALL_RULES.filter((r) => r.decls.color).forEach((r) => {
    const fg = hex(r.decls.color)
    const own = hex(r.decls.background || r.decls['background-color'])
    const elsewhere = r.selectors.map((s) => BACKGROUND_ELSEWHERE[s]).find(Boolean)
    const backgrounds = own ? [own] : (elsewhere ? [elsewhere] : PAGE_BACKGROUNDS)
    if (!fg) {
      poor.push(`${r.file} ${r.selectors.join(',')}: colour ${r.decls.color} is not a hex colour`)
      return
    }
    backgrounds.forEach((bg) => {
      const ratio = contrast(fg, bg)
      if (ratio < MIN_CONTRAST) poor.push(`${r.file} ${r.selectors.join(',')}: ${fg} on ${bg} is ${ratio.toFixed(2)}:1`)
    })
  })
  expect(poor).toEqual([])
})

test('the home card shows the deadline and the next step in dark text at body size or larger', () => {
  const home = ALL_RULES.filter((r) => r.file === path.join('pages', 'home', 'index.wxss'))
  ;['.deadline-at', '.deadline-left', '.next-step'].forEach((selector) => {
    const rule = home.find((r) => r.selectors.includes(selector))
    expect({ selector, found: !!rule }).toEqual({ selector, found: true })
    expect(parseFloat(rule.decls['font-size'])).toBeGreaterThanOrEqual(16)
    const deadline = home.find((r) => r.selectors.includes('.deadline'))
    const bg = selector === '.next-step' ? '#ffffff' : hex(deadline.decls.background)
    expect(contrast(hex(rule.decls.color), bg)).toBeGreaterThanOrEqual(MIN_CONTRAST)
  })
})

/** Every element of every WXML file: {file, tag, attrs}. */
function elements(file) {
  const out = []
  const visit = (node) => {
    if (node.tagName) {
      const attrs = {}
      node.attrs.forEach((a) => { attrs[a.name] = a.value })
      out.push({ file: rel(file), tag: node.tagName, attrs })
    }
    ;(node.childNodes || []).forEach(visit)
    if (node.content) visit(node.content)
  }
  visit(parse5.parseFragment(read(file)))
  return out
}

const WXML = FILES.filter((f) => f.endsWith('.wxml'))
const ALL_ELEMENTS = WXML.flatMap(elements)

function staticClasses(value) {
  return String(value || '').replace(/\{\{[^}]*\}\}/g, ' ').split(/\s+/).filter(Boolean)
}

/** Classes whose rule gives at least 44px of height (min-height or height in px). */
const TALL_CLASSES = new Set()
ALL_RULES.forEach((r) => {
  const height = /^(\d+)px$/.exec(r.decls['min-height'] || r.decls.height || '')
  if (height && Number(height[1]) >= MIN_TAP_PX) {
    r.selectors.forEach((s) => {
      const m = /^\.([\w-]+)$/.exec(s)
      if (m) TALL_CLASSES.add(m[1])
    })
  }
})

test('buttons are at least 44px high everywhere', () => {
  const global = rules(path.join(MINI_ROOT, 'app.wxss'))
  const button = global.find((r) => r.selectors.includes('button'))
  expect(parseFloat(button.decls['min-height'])).toBeGreaterThanOrEqual(MIN_TAP_PX)
})

test('no button is a size="mini" button', () => {
  expect(ALL_ELEMENTS.filter((e) => e.attrs.size === 'mini').map((e) => `${e.file} #${e.attrs.id}`)).toEqual([])
})

test('every tap target is a button or at least 44px high', () => {
  const small = ALL_ELEMENTS
    .filter((e) => e.attrs.bindtap || e.attrs.catchtap)
    .filter((e) => !['button', 'navigator', 'picker'].includes(e.tag))
    .filter((e) => !staticClasses(e.attrs.class).some((c) => TALL_CLASSES.has(c)))
    .map((e) => `${e.file} <${e.tag} id="${e.attrs.id || ''}" class="${e.attrs.class || ''}">`)
  expect(small).toEqual([])
})

test('choices and checkboxes announce their state', () => {
  const silent = ALL_ELEMENTS.filter((e) => (e.attrs.role === 'checkbox' && !e.attrs['aria-checked'])
    || (e.attrs.role === 'tab' && !e.attrs['aria-selected'])
    || (e.attrs.role === 'radio' && !e.attrs['aria-checked']))
  expect(silent.map((e) => `${e.file} #${e.attrs.id}`)).toEqual([])
  // The yes/no and option choices of the form are radios that say which one is chosen.
  const choices = ALL_ELEMENTS.filter((e) => staticClasses(e.attrs.class).includes('choice'))
  expect(choices.length).toBeGreaterThan(0)
  expect(choices.filter((e) => e.attrs.role !== 'radio' || !e.attrs['aria-checked']).map((e) => `${e.file} #${e.attrs.id}`)).toEqual([])
})
