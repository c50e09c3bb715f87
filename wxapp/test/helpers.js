/**
 * Test helpers: an in-memory wx API (storage, navigation, toast, login) and a
 * fake HTTP server behind wx.request — the simulator has no network, so the
 * request stand-in is the one place a mock is right.
 */
const path = require('path')

const ROOT = path.resolve(__dirname, '..')
const BASE_URL = 'http://127.0.0.1:5000'

class FakeServer {
  constructor() {
    this.routes = {}
    this.calls = []
    this.offline = false
    // wx.uploadFile: progress events sent before the answer, and an optional
    // promise the answer waits for (to look at the page mid-upload).
    this.uploadProgress = [50, 100]
    this.uploadGate = null
    // wx.downloadFile: what each temporary file holds (a refusal's JSON body), for
    // wx.getFileSystemManager().readFileSync.
    this.downloaded = {}
  }

  /**
   * Answer `METHOD /path` with a handler: (call) => ({status, body}),
   * a fixed {status, body}, or an array of those used one after another
   * (the last one repeats).
   */
  on(method, urlPath, handler) {
    this.routes[`${method} ${urlPath}`] = Array.isArray(handler) ? handler.slice() : handler
    return this
  }

  callsTo(method, urlPath) {
    return this.calls.filter((c) => c.method === method && c.path === urlPath)
  }

  handle(options) {
    const method = (options.method || 'GET').toUpperCase()
    const urlPath = options.url.startsWith(BASE_URL) ? options.url.slice(BASE_URL.length) : options.url
    const call = {
      method,
      path: urlPath,
      url: options.url,
      header: { ...(options.header || {}) },
      data: options.data === undefined ? undefined : JSON.parse(JSON.stringify(options.data)),
    }
    this.calls.push(call)
    setTimeout(() => {
      if (this.offline) {
        if (options.fail) options.fail({ errMsg: 'request:fail timeout' })
        return
      }
      let handler = this.routes[`${method} ${urlPath}`]
      if (Array.isArray(handler)) handler = handler.length > 1 ? handler.shift() : handler[0]
      let answer
      if (!handler) answer = { status: 404, body: { code: 'not_found', message: '资源不存在', fields: {} } }
      else answer = typeof handler === 'function' ? handler(call) : handler
      if (options.success) {
        options.success({
          statusCode: answer.status,
          data: answer.body === undefined ? '' : answer.body,
          header: { 'Content-Type': 'application/json' },
        })
      }
    }, 0)
  }

  pathOf(url) {
    return url.startsWith(BASE_URL) ? url.slice(BASE_URL.length) : url
  }

  answer(method, urlPath, call) {
    let handler = this.routes[`${method} ${urlPath}`]
    if (Array.isArray(handler)) handler = handler.length > 1 ? handler.shift() : handler[0]
    if (!handler) return { status: 404, body: { code: 'not_found', message: '资源不存在', fields: {} } }
    return typeof handler === 'function' ? handler(call) : handler
  }

  /** wx.uploadFile: a multipart POST; the body arrives as a string, as on a phone. */
  handleUpload(options) {
    const urlPath = this.pathOf(options.url)
    const call = {
      method: 'POST',
      path: urlPath,
      url: options.url,
      header: { ...(options.header || {}) },
      multipart: true,
      name: options.name,
      filePath: options.filePath,
      formData: { ...(options.formData || {}) },
      data: undefined,
    }
    this.calls.push(call)
    const listeners = []
    const task = { onProgressUpdate: (cb) => listeners.push(cb), abort: jest.fn() }
    setTimeout(async () => {
      for (const progress of this.uploadProgress) {
        listeners.forEach((cb) => cb({ progress, totalBytesSent: progress * 1000, totalBytesExpectedToSend: 100000 }))
      }
      if (this.uploadGate) await this.uploadGate
      if (this.offline) {
        if (options.fail) options.fail({ errMsg: 'uploadFile:fail timeout' })
        return
      }
      const answer = this.answer('POST', urlPath, call)
      if (options.success) {
        options.success({
          statusCode: answer.status,
          data: answer.body === undefined ? '' : JSON.stringify(answer.body),
        })
      }
    }, 0)
    return task
  }

  /** wx.downloadFile: answers with a temporary path. */
  handleDownload(options) {
    const urlPath = this.pathOf(options.url)
    const call = {
      method: 'GET', path: urlPath, url: options.url, header: { ...(options.header || {}) }, download: true, data: undefined,
    }
    this.calls.push(call)
    setTimeout(() => {
      if (this.offline) {
        if (options.fail) options.fail({ errMsg: 'downloadFile:fail timeout' })
        return
      }
      const answer = this.answer('GET', urlPath, call)
      const name = urlPath.split('/').pop()
      const tempFilePath = `wxfile://tmp/${name}`
      this.downloaded[tempFilePath] = answer.body === undefined ? '%PDF-1.4' : JSON.stringify(answer.body)
      if (options.success) options.success({ statusCode: answer.status, tempFilePath })
    }, 0)
  }
}

const CHOSEN_IMAGE = { tempFilePath: 'wxfile://tmp/photo.jpg', size: 204800, fileType: 'image' }
const CHOSEN_PDF = { path: 'wxfile://tmp/scan.pdf', name: '扫描件.pdf', size: 512000, type: 'file' }

/** Put fresh jest mocks for the wx APIs the project uses on global.wx. */
function installWx(server = new FakeServer()) {
  const storage = new Map()
  const wx = global.wx || {}
  Object.assign(wx, {
    __storage: storage,
    __server: server,
    getStorageSync: jest.fn((key) => (storage.has(key) ? storage.get(key) : '')),
    setStorageSync: jest.fn((key, value) => { storage.set(key, value) }),
    removeStorageSync: jest.fn((key) => { storage.delete(key) }),
    clearStorageSync: jest.fn(() => storage.clear()),
    request: jest.fn((options) => server.handle(options)),
    login: jest.fn((options) => setTimeout(() => options.success({ code: 'wx-login-code', errMsg: 'login:ok' }), 0)),
    showToast: jest.fn(),
    showModal: jest.fn((options) => setTimeout(() => options.success({ confirm: true, cancel: false }), 0)),
    reLaunch: jest.fn(),
    navigateTo: jest.fn(),
    navigateBack: jest.fn(),
    redirectTo: jest.fn(),
    switchTab: jest.fn(),
    hideHomeButton: jest.fn(),
    stopPullDownRefresh: jest.fn(),
    showLoading: jest.fn(),
    hideLoading: jest.fn(),
    pageScrollTo: jest.fn(),
    setClipboardData: jest.fn((options) => setTimeout(() => options.success && options.success({}), 0)),
    chooseMedia: jest.fn((options) => setTimeout(() => options.success({ type: 'image', tempFiles: [CHOSEN_IMAGE] }), 0)),
    chooseMessageFile: jest.fn((options) => setTimeout(() => options.success({ tempFiles: [CHOSEN_PDF] }), 0)),
    uploadFile: jest.fn((options) => server.handleUpload(options)),
    downloadFile: jest.fn((options) => server.handleDownload(options)),
    openDocument: jest.fn((options) => setTimeout(() => options.success && options.success({}), 0)),
    getFileSystemManager: jest.fn(() => ({
      readFileSync: jest.fn((filePath) => {
        if (!(filePath in server.downloaded)) throw new Error(`readFileSync:fail no such file ${filePath}`)
        return server.downloaded[filePath]
      }),
    })),
    previewImage: jest.fn(),
  })
  global.wx = wx
  return { wx, server, storage }
}

/** One turn of the timer queue: every zero-delay timer scheduled before this one runs first. */
function nextTimerTurn() {
  return new Promise((resolve) => { setTimeout(resolve, 0) })
}

const SETTLE_TURNS = 8

/**
 * Wait for timers, promises and simulator events to settle: `ms` of wall-clock time, then a
 * few more timer turns, so a chain of zero-delay timers (the fake server answers, the modal,
 * the simulator) completes even when a busy machine stretches every turn.
 */
async function settle(ms = 5) {
  await new Promise((resolve) => { setTimeout(resolve, ms) })
  for (let i = 0; i < SETTLE_TURNS; i += 1) await nextTimerTurn() // eslint-disable-line no-await-in-loop
}

/**
 * Load a page/component (path relative to the project root, no extension),
 * render and attach it. Returns {comp, wx, server, storage}. `server` answers
 * wx.request; `storage` ({key: value}) is put in wx storage before the page loads.
 * Lifecycles (onLoad, onShow) are not called: tests call them.
 */
function loadPage(relPath, { server = new FakeServer(), storage = {} } = {}) {
  jest.resetModules() // the simulator renders nothing on a second load otherwise
  const simulate = require('miniprogram-simulate') // eslint-disable-line global-require
  const env = installWx(server)
  Object.keys(storage).forEach((k) => env.storage.set(k, storage[k]))
  const id = simulate.load(path.join(ROOT, relPath), { rootPath: ROOT })
  const comp = simulate.render(id)
  comp.attach(document.createElement('parent-wrapper'))
  return { comp, ...env }
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

/** Text of an element (or '' when it is absent or renders nothing). */
function textOf(comp, selector) {
  const node = comp.querySelector(selector)
  return node ? node.dom.textContent.trim() : ''
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
  BASE_URL,
  CHOSEN_IMAGE,
  CHOSEN_PDF,
  FakeServer,
  installWx,
  settle,
  loadPage,
  type,
  tap,
  textOf,
  sessionBody,
  batchBody,
  errorBody,
}
