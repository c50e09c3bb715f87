/**
 * Test helpers: the strict wx stand-in (support/wx.js), the two transports (a FakeServer of canned
 * answers, the RealServer the suite started), and page helpers on miniprogram-simulate.
 */
const path = require('path')
const { installWx, CHOSEN_IMAGE, CHOSEN_PDF } = require('./support/wx')
const { FakeServer } = require('./support/fake-server')
const { RealServer } = require('./support/real-server')
const { MINI_ROOT, apiBase } = require('./support/base-url')

const ROOT = path.resolve(__dirname, '..')

function nextTimerTurn() {
  return new Promise((resolve) => { setTimeout(resolve, 0) })
}

const QUIET_TURNS = 6
const SETTLE_LIMIT_MS = 15000

/**
 * Wait until the page has nothing left to do: no exchange pending on the transport for a few
 * timer turns in a row (answers, the simulator's events and zero-delay timers have all run).
 * `ms` of wall-clock time first, for the rare timer with a delay (scrolling).
 */
async function settle(ms = 0) {
  if (ms) await new Promise((resolve) => { setTimeout(resolve, ms) })
  const transport = global.wx && global.wx.__server
  const started = Date.now()
  let quiet = 0
  while (quiet < QUIET_TURNS) {
    await nextTimerTurn() // eslint-disable-line no-await-in-loop
    quiet = transport && transport.pending > 0 ? 0 : quiet + 1
    if (Date.now() - started > SETTLE_LIMIT_MS) throw new Error('the page did not settle within 15 s')
  }
}

/**
 * Load a page/component (path relative to miniprogram/, no extension), render and attach it.
 * Returns {comp, wx, server, storage}; `storage` ({key: value}) is put in wx storage first.
 * Lifecycles (onLoad, onShow) are not called: tests call them.
 */
function loadPage(relPath, { server = new FakeServer(), storage = {} } = {}) {
  jest.resetModules() // the simulator renders nothing on a second load otherwise
  const simulate = require('miniprogram-simulate') // eslint-disable-line global-require
  const env = installWx(server)
  Object.keys(storage).forEach((k) => env.storage.set(k, storage[k]))
  const id = simulate.load(path.join(MINI_ROOT, relPath), { rootPath: MINI_ROOT })
  const comp = simulate.render(id)
  comp.attach(document.createElement('parent-wrapper'))
  return { comp, ...env }
}

/** The page loaded again over the same wx storage: what a phone shows after the app was killed. */
function reloadPage(relPath, { server, storage }) {
  const kept = {}
  storage.forEach((value, key) => { kept[key] = value })
  return loadPage(relPath, { server, storage: kept })
}

/** Type into a built-in input (a stub in the simulator) and wait. */
async function type(comp, selector, value) {
  const node = comp.querySelector(selector)
  if (!node) throw new Error(`no element ${selector}`)
  node.dispatchEvent('input', { detail: { value } })
  await settle()
}

async function tap(comp, selector) {
  const node = comp.querySelector(selector)
  if (!node) throw new Error(`no element ${selector}`)
  node.dispatchEvent('tap')
  await settle()
}

/** 保存 / 保存并下一项 of a section page (inside its <section-actions>). */
function save(comp) {
  const actions = comp.querySelector('#section-actions')
  if (!actions) throw new Error('the page shows no save buttons')
  return tap(actions, '#save')
}

function saveNext(comp) {
  const actions = comp.querySelector('#section-actions')
  if (!actions) throw new Error('the page shows no save buttons')
  return tap(actions, '#save-next')
}

/** Text of an element (or '' when it is absent or renders nothing). */
function textOf(comp, selector) {
  const node = comp.querySelector(selector)
  return node ? node.dom.textContent.trim() : ''
}

/** An attribute of the rendered element ('' when absent). */
function attrOf(comp, selector, name) {
  const node = comp.querySelector(selector)
  return (node && node.dom.getAttribute(name)) || ''
}

/** A Session answer as the server sends it. */
function sessionBody(overrides = {}) {
  return {
    token: 'token-1',
    expires_at: '2030-01-01T00:00:00+08:00',
    account: { id: 7, username: 'zhangsan', phone: '138****8000', wechat_bound: false },
    ...overrides,
  }
}

/** GET /batches/current: the batch in its registration phase, with `overrides`. */
function batchBody(overrides = {}) {
  return {
    id: 1,
    name: '2024年全区第二批评标专家选聘',
    registration_opens_at: '2024-11-15T10:30:00+08:00',
    registration_closes_at: '2024-12-02T18:30:00+08:00',
    review_closes_at: '2024-12-03T18:30:00+08:00',
    payment_opens_at: '2024-11-20T10:30:00+08:00',
    payment_closes_at: '2024-12-04T18:30:00+08:00',
    fee_yuan: 350,
    phase: 'registration',
    phase_label: '网上报名',
    ...overrides,
  }
}

function errorBody(code, message, fields = {}) {
  return { code, message, fields }
}

module.exports = {
  ROOT,
  MINI_ROOT,
  apiBase,
  CHOSEN_IMAGE,
  CHOSEN_PDF,
  FakeServer,
  RealServer,
  installWx,
  settle,
  loadPage,
  reloadPage,
  type,
  tap,
  save,
  saveNext,
  textOf,
  attrOf,
  sessionBody,
  batchBody,
  errorBody,
}
